package io.hsdest.console;

import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.ApiFamily;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.ServerHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console in Debian's Chromium (playwright-core, {@code console-tests/console-browser.mjs}) against the real
 * server and the HubSpot fake started here: sign-in refused and accepted, every section, the lookup and tester flows,
 * no page error, no secret in the DOM or in any response the page fetched. Screenshots land in
 * {@code target/console-screenshots/}; with {@code -Dconsole.screenshot.docs=true} the README's {@code docs/console.png}
 * is taken again.
 */
class ConsoleBrowserTest {
  private static final String ADMIN = "admin-browser-secret-31";
  private static final String SINK_KEY = "sink-browser-secret-58";
  private FakeHubSpot fake;
  private ServerHarness server;

  @BeforeEach
  void start() {
    fake = FakeHubSpot.start(null, 0);
    fake.configure(c -> c.withDailyLimit(250_000).withRateLimitPer10s(100));
    fake.portal().hostedIn("eu1");
    fake.denyScopes(FakeHubSpot.DEFAULT_TOKEN, ApiFamily.LISTS);
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl(), "ADMIN_TOKEN", ADMIN), """
        {"destinations":[
          {"id":"acme","writeKeys":["wk-browser-acme"],"settings":{"accessToken":"%1$s","portalId":"123456",
            "audienceMode":"both",
            "eventMappings":{"Order Completed":{"name":"pe123456_order_completed","properties":{"revenue":"amount"}}},
            "emailEvents":{"enabled":true,"pollIntervalSeconds":86400,
              "sink":{"type":"segment","url":"http://127.0.0.1:9","writeKey":"%2$s"}}}},
          {"id":"test","writeKeys":["wk-browser-test"],"settings":{"portalId":"654321"}}]}"""
        .formatted(FakeHubSpot.DEFAULT_TOKEN, SINK_KEY));
  }

  @AfterEach
  void stop() {
    server.close();
    fake.close();
  }

  @Test
  void theConsoleWorksInChromiumAndShowsNoSecret() throws Exception {
    String known = "browser-known-1";
    send("wk-browser-acme", "{\"batch\":["
        + ConsoleHttpTest.identify(known, "jane.doe@example.com", ",\"firstName\":\"Jane\"") + ","
        + ConsoleHttpTest.identify("browser-2", "sam@example.com", ",\"plan\":\"pro\",\"writeKey\":\"wk-browser-acme\"") + ","
        + ConsoleHttpTest.identify("browser-3", "not-an-email") + ","
        + "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u-" + known + "\",\"messageId\":\"browser-4\","
        + "\"properties\":{\"email\":\"jane.doe@example.com\",\"revenue\":99.5,\"order_id\":\"A-1\"}}]}");
    send("wk-browser-test", "{\"batch\":[" + ConsoleHttpTest.identify("browser-5", "dry@example.com") + "]}");

    Path dir = Path.of(System.getProperty("console.tests.dir", "console-tests")).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
      throw new IllegalStateException(dir.resolve("node_modules") + " is missing: run `npm ci` in " + dir
          + " (the Maven build does it before the tests)");
    }
    Path out = Path.of("target", "console-screenshots").toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("console.node", "node"), "console-browser.mjs",
        server.url(""), ADMIN, out.toString(), known));
    if (Boolean.getBoolean("console.screenshot.docs")) {
      cmd.add(dir.resolveSibling("../docs/console.png").normalize().toString());
    }
    List<String> secrets = List.of(ADMIN, SINK_KEY, FakeHubSpot.DEFAULT_TOKEN, "wk-browser-acme", "wk-browser-test");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("CONSOLE_SECRETS", io.hsdest.hubspot.JsonBodies.MAPPER.writeValueAsString(secrets));
    Files.createDirectories(out);
    Path stdout = out.resolve("console-browser.out");
    Path stderr = out.resolve("console-browser.err");
    Process p = pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("the browser run did not finish within 120 s\n" + read(stdout) + read(stderr));
    }
    String[] lines = read(stdout).strip().split("\n");
    JsonNode report;
    try {
      report = io.hsdest.hubspot.JsonBodies.MAPPER.readTree(lines[lines.length - 1]);
    } catch (IOException e) {
      throw new AssertionError("no report from the browser run (exit " + p.exitValue() + ")\n" + read(stdout) + read(stderr));
    }
    assertThat(report.path("failures")).as(report.toPrettyString()).isEmpty();
    assertThat(report.path("checks").size()).as("every check ran").isGreaterThanOrEqualTo(25);
    assertThat(report.path("responses").asInt()).isPositive();
    assertThat(p.exitValue()).isZero();
    assertThat(out.resolve("console.png")).exists();
  }

  private void send(String writeKey, String batch) {
    var r = server.post("/v1/batch", batch, "Authorization", basic(writeKey));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "";
  }
}
