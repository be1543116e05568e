package io.hsdest.ingest;

import static io.hsdest.testkit.Json.tree;
import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hsdest.testkit.ServerHarness;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without {@code WRITE_KEYS} and {@code ADMIN_TOKEN} (the embedded default), any write key and the
 * status endpoint are accepted from this machine only: a client on another address is refused.
 * The server listens on every interface and is called through this machine's own network address.
 */
class LoopbackOnlyHttpTest {
  private static final String IDENTIFY = "{\"messageId\":\"m-1\",\"traits\":{\"email\":\"a@x.com\"}}";
  private ServerHarness server;
  private String networkAddress;

  @BeforeEach
  void start() throws Exception {
    networkAddress = nonLoopbackAddress();
    assumeTrue(networkAddress != null, "this machine has no non-loopback IPv4 address");
    server = ServerHarness.start(Map.of("HOST", "0.0.0.0"));
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private static String nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) continue;
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a.getHostAddress();
      }
    }
    return null;
  }

  private HttpResponse<String> viaNetwork(HttpRequest.Builder b, String path) {
    String local = server.url(path);
    return server.send(b.uri(URI.create(local.replace("127.0.0.1", networkAddress))).timeout(Duration.ofSeconds(10)).build());
  }

  @Test
  void anyWriteKeyIsAcceptedFromThisMachineOnly() {
    assertThat(server.post("/v1/identify", IDENTIFY, "Authorization", basic("whatever")).statusCode()).isEqualTo(200);
    HttpResponse<String> remote = viaNetwork(HttpRequest.newBuilder().header("Authorization", basic("whatever"))
        .POST(HttpRequest.BodyPublishers.ofString(IDENTIFY)), "/v1/identify");
    assertThat(remote.statusCode()).isEqualTo(401);
    assertThat(tree(remote.body()).path("error").path("message").asText()).isNotBlank();
  }

  @Test
  void statusIsForThisMachineOnlyWithoutAnAdminToken() {
    assertThat(server.get("/status").statusCode()).isEqualTo(200);
    assertThat(viaNetwork(HttpRequest.newBuilder().GET(), "/status").statusCode()).isEqualTo(401);
    assertThat(viaNetwork(HttpRequest.newBuilder().GET(), "/health").statusCode()).as("health is open").isEqualTo(200);
  }
}
