package io.hsdest.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @segment/analytics-next} 1.84.3 (its UMD build) in headless Debian Chromium through playwright-core,
 * in collector mode: the Segment.io destination posts to this server, from a page on another local origin,
 * so every POST is cross-origin and preceded by a real CORS preflight (answered by the server, not by
 * Playwright: the script uses no request routing). See {@code node/browser-collector.mjs}.
 */
class BrowserCollectorWireTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String BASIC = "Basic " + Base64.getEncoder()
      .encodeToString((WireServer.WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
  private static WireServer server;

  @BeforeAll
  static void start() {
    ensureChromium();
    server = WireServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void oneRequestPerEventToShortPathsAsTextPlainCrossOrigin() {
    Sequence s = Sequence.fresh("browser");
    NodeRun run = NodeRun.script("browser-collector.mjs", TIMEOUT, server.baseUrl(), WireServer.WRITE_KEY, s.tag());
    JsonObject report = run.report();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(report.getBoolean("ok")).isTrue();
    List<String> paths = new ArrayList<>();
    for (Object o : report.getJsonArray("posts")) {
      JsonObject post = (JsonObject) o;
      paths.add(post.getString("path"));
      assertBrowserPost(report, post);
      NodeClientsWireTest.assertOkAnswer(post.put("url", post.getString("path")), 1);
    }
    assertThat(paths).containsExactlyInAnyOrder("/v1/i", "/v1/t", "/v1/p", "/v1/g");
    assertPreflights(report, paths.size());
    s.assertDelivered(server.portal());
  }

  @Test
  void batchingDeliveryStrategyPostsOneBatch() {
    Sequence s = Sequence.fresh("browser-batch");
    NodeRun run = NodeRun.script("browser-collector.mjs", TIMEOUT, server.baseUrl(), WireServer.WRITE_KEY, s.tag(), "--batching");
    JsonObject report = run.report();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonArray posts = report.getJsonArray("posts");
    assertThat(posts).as("one POST /v1/b carrying the four events").hasSize(1);
    JsonObject post = posts.getJsonObject(0);
    assertThat(post.getString("path")).isEqualTo("/v1/b");
    assertThat(post.getJsonObject("requestBody").getJsonArray("batch")).hasSize(4);
    assertBrowserPost(report, post);
    NodeClientsWireTest.assertOkAnswer(post.put("url", "/v1/b"), 4);
    assertPreflights(report, 1);
    s.assertDelivered(server.portal());
  }

  /** The guard itself: a non-local request from the page is caught, listed, and fails the run. */
  @Test
  void aNonLocalRequestFailsTheRun() {
    Sequence s = Sequence.fresh("browser-probe");
    NodeRun run = NodeRun.script("browser-collector.mjs", TIMEOUT, server.baseUrl(), WireServer.WRITE_KEY, s.tag(),
        "--batching", "--probe-external");
    JsonObject report = run.report();

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    assertThat(report.getJsonArray("external")).containsExactly("http://wire-tests-probe.invalid/collect");
    // the probe failed in the browser; the library's own requests still went through
    assertThat(report.getJsonArray("posts")).hasSize(1);
  }

  /** analytics-next's wire format: text/plain, Basic auth, writeKey in the body, sent from the page's origin. */
  private static void assertBrowserPost(JsonObject report, JsonObject post) {
    String pageOrigin = report.getString("pageOrigin");
    assertThat(pageOrigin).as("the page is on another origin than the server").isNotEqualTo(server.baseUrl());
    JsonObject h = post.getJsonObject("requestHeaders");
    assertThat(h.getString("content-type")).isEqualTo("text/plain");
    assertThat(h.getString("authorization")).isEqualTo(BASIC);
    assertThat(h.getString("origin")).isEqualTo(pageOrigin);
    assertThat(post.getJsonObject("requestBody").getString("writeKey")).isEqualTo(WireServer.WRITE_KEY);
    assertThat(post.getString("allowOrigin")).as("Access-Control-Allow-Origin on the POST").isEqualTo(pageOrigin);
    assertThat(report.getJsonArray("external")).as("requests to non-local hosts").isEmpty();
    assertThat(report.getJsonArray("pageErrors")).isEmpty();
  }

  /** Every POST was preceded by an OPTIONS preflight that the server answered 2xx for the page's origin. */
  private static void assertPreflights(JsonObject report, int atLeast) {
    JsonArray preflights = report.getJsonArray("preflights");
    assertThat(preflights).as("CORS preflights seen by the browser").hasSizeGreaterThanOrEqualTo(atLeast);
    for (Object o : preflights) {
      JsonObject p = (JsonObject) o;
      assertThat(p.getInteger("status")).as("preflight %s", p.encode()).isBetween(200, 299);
      assertThat(p.getString("allowOrigin")).isEqualTo(report.getString("pageOrigin"));
      assertThat(p.getString("allowHeaders").toLowerCase()).contains("authorization");
      assertThat(p.getString("allowMethods")).contains("POST");
    }
  }

  /** Debian's Chromium, installed by js-snippet/scripts/ensure-chromium.sh when missing (Maven runs it too). */
  static void ensureChromium() {
    if (Files.isExecutable(Path.of("/usr/lib/chromium/chromium")) || Files.isExecutable(Path.of("/usr/bin/chromium"))) return;
    Path script = NodeRun.jsSnippetDir().resolve("scripts/ensure-chromium.sh");
    NodeRun run = NodeRun.run(NodeRun.jsSnippetDir(), Duration.ofMinutes(10), List.of("sh", script.toString()));
    assertThat(run.exitCode()).as("Chromium is needed: %s", run.describe()).isZero();
  }
}
