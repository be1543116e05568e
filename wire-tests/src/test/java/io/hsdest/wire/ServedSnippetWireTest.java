package io.hsdest.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device-mode snippet as the server serves it ({@code GET /v1/snippet/{writeKey}.js}), from a server
 * that has a real token configured: js-snippet's end-to-end harness runs it in headless Chromium (with
 * analytics-next and standalone), and the checks below hold on their own: never the token, ETag/304, 404 for
 * an unknown key.
 */
class ServedSnippetWireTest {
  private static final Pattern BOOT = Pattern.compile("\nHubSpotDestination\\.boot\\((\\{.*\\})\\);\n?$", Pattern.DOTALL);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static WireServer server;

  @BeforeAll
  static void start() {
    BrowserCollectorWireTest.ensureChromium();
    server = WireServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void jsSnippetEndToEndHarnessPasses() {
    Path dir = NodeRun.jsSnippetDir();
    assertThat(dir.resolve("node_modules/playwright-core")).as("js-snippet's npm ci (its Maven build runs it)").isDirectory();
    NodeRun run = NodeRun.run(dir, Duration.ofSeconds(120), List.of(NodeRun.node(), "test/e2e/served-snippet.mjs",
        "--url", server.baseUrl(), "--write-key", WireServer.WRITE_KEY, "--secret", WireServer.TOKEN));
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.stdout()).contains("served-snippet: OK");
  }

  @Test
  void servedScriptNeverContainsTheToken() throws Exception {
    for (String path : List.of("/v1/snippet/" + WireServer.WRITE_KEY + ".js", "/snippet.js?writeKey=" + WireServer.WRITE_KEY)) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).get().asString().contains("javascript");
      assertThat(r.body()).as(path).doesNotContain(WireServer.TOKEN).doesNotContain("accessToken");
      Matcher boot = BOOT.matcher(r.body());
      assertThat(boot.find()).as("%s ends with the boot line", path).isTrue();
      JsonObject settings = new JsonObject(boot.group(1));
      assertThat(settings.getString("portalId")).isEqualTo(WireServer.PORTAL);
      assertThat(settings.fieldNames()).doesNotContain("accessToken");
    }
  }

  @Test
  void etagIsHonouredWith304() throws Exception {
    String path = "/v1/snippet/" + WireServer.WRITE_KEY + ".js";
    HttpResponse<String> first = get(path, null);
    String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + path));

    HttpResponse<String> again = get(path, etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).contains(etag);

    HttpResponse<String> other = get(path, "\"not-the-current-etag\"");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(first.body());

    HttpResponse<String> alt = get("/snippet.js?writeKey=" + WireServer.WRITE_KEY, etag);
    assertThat(alt.statusCode()).as("the same ETag at /snippet.js").isEqualTo(304);
  }

  @Test
  void unknownWriteKeyIs404() throws Exception {
    for (String path : List.of("/v1/snippet/no-such-key.js", "/snippet.js?writeKey=no-such-key", "/snippet.js")) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).doesNotContain(WireServer.TOKEN);
    }
  }

  private static HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET();
    if (ifNoneMatch != null) b.header("If-None-Match", ifNoneMatch);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
