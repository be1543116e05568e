package io.hsdest.console;

import static io.hsdest.testkit.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.hsdest.testkit.ServerHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without {@code ADMIN_TOKEN} the console is served to this machine only, under a local name (a page that rebinds its
 * own domain to 127.0.0.1 is refused), and the page's POSTs still need its CSRF token; with one, failed sign-ins from
 * an address are limited.
 */
class ConsoleWithoutAdminTokenTest {

  @Test
  void thisMachineIsServedWithoutSignInButPostsNeedThePagesCsrfToken() throws Exception {
    try (ServerHarness server = ServerHarness.start(Map.of())) {
      HttpResponse<String> page = server.get("/console");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("data-testid=\"tester-input\"");
      String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      assertThat(server.get("/console/api/overview").statusCode()).isEqualTo(200);

      String message = ConsoleHttpTest.identify("lo-1", "lo@example.com");
      assertThat(server.post("/console/api/destinations/default/validate", message).statusCode())
          .as("a page on another site could make this browser POST to localhost").isEqualTo(403);
      assertThat(server.post("/console/api/destinations/default/validate", message, "Cookie", cookie,
          "X-Console-Csrf", ConsoleHttpTest.csrfOf(page.body())).statusCode()).isEqualTo(200);

      String rebound = raw(server.server.port(), "GET /console/api/overview HTTP/1.1\r\nHost: attacker.example:"
          + server.server.port() + "\r\nConnection: close\r\n\r\n");
      assertThat(rebound).startsWith("HTTP/1.1 403").contains("ADMIN_ONLY");
      assertThat(raw(server.server.port(), "GET /console HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 403").contains("SSH tunnel");
    }
  }

  @Test
  void aClientOnAnotherMachineIsRefusedAndToldHowToReachTheConsole() throws Exception {
    InetAddress outside = nonLoopbackAddress();
    assumeThat(outside).as("this machine has a non-loopback IPv4 address").isNotNull();
    try (ServerHarness server = ServerHarness.start(Map.of("HOST", "0.0.0.0"))) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://" + outside.getHostAddress() + ":" + server.server.port();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/console")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(403);
      assertThat(page.body()).contains("no ADMIN_TOKEN").contains("SSH tunnel").contains("action=\"/console/sign-in\" hidden>");
      HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base + "/console/api/overview")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(403);
      assertThat(tree(api.body()).path("error").path("code").asText()).isEqualTo("ADMIN_ONLY");
      HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/console/sign-in"))
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=x")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(403);
    }
  }

  @Test
  void afterFiveRefusedSignInsFromAnAddressTheSixthWaits() {
    try (ServerHarness server = ServerHarness.start(Map.of("ADMIN_TOKEN", "the-admin-token-7"))) {
      for (int i = 0; i < 5; i++) assertThat(signIn(server, "guess-" + i).statusCode()).isEqualTo(401);
      HttpResponse<String> sixth = signIn(server, "the-admin-token-7");
      assertThat(sixth.statusCode()).as("even the right token waits").isEqualTo(429);
      assertThat(sixth.headers().firstValue("Retry-After")).hasValue("60");
      assertThat(sixth.body()).contains("Too many refused sign-ins");
    }
  }

  private static HttpResponse<String> signIn(ServerHarness server, String token) {
    return server.post("/console/sign-in", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
        "Content-Type", "application/x-www-form-urlencoded");
  }

  /** The whole answer to bytes sent as they are (a client library would not send another Host). */
  private static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) continue;
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a;
      }
    }
    return null;
  }
}
