package io.hsdest.ingest;

import static io.hsdest.testkit.Json.tree;
import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.testkit.ServerHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The inbound HTTP contract of interface.md, against the real server (dry-run, write key "wk"). */
class IngestHttpTest {
  private static ServerHarness server;
  private static final String AUTH = basic("wk");
  private static final String IDENTIFY = "{\"type\":\"identify\",\"messageId\":\"m-1\",\"traits\":{\"email\":\"a@x.com\"}}";

  @BeforeAll
  static void start() {
    server = ServerHarness.start(Map.of("WRITE_KEYS", "wk,other"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] gzip(String s) {
    try {
      var out = new ByteArrayOutputStream();
      try (var gz = new GZIPOutputStream(out)) {
        gz.write(s.getBytes(StandardCharsets.UTF_8));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String deep(int levels) {
    return "{\"batch\":[{\"type\":\"identify\",\"traits\":{\"x\":" + "[".repeat(levels) + "]".repeat(levels) + "}}]}";
  }

  static Stream<Arguments> badInput() {
    String big = "x".repeat(33 * 1024);
    StringBuilder huge = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < 20; i++) huge.append(i == 0 ? "" : ",").append("{\"type\":\"identify\",\"traits\":{\"n\":\"").append("y".repeat(30_000)).append("\"}}");
    huge.append("]}");
    return Stream.of(
        Arguments.of("invalid JSON", "/v1/batch", "{\"batch\":[", null, 400, "INVALID_JSON"),
        Arguments.of("empty body", "/v1/batch", "", null, 400, "EMPTY_BODY"),
        Arguments.of("batch not an array", "/v1/batch", "{\"batch\":{\"type\":\"identify\"}}", null, 400, "BATCH_NOT_ARRAY"),
        Arguments.of("no batch", "/v1/batch", "{\"messages\":[]}", null, 400, "MISSING_BATCH"),
        Arguments.of("message without type", "/v1/batch", "{\"batch\":[{\"userId\":\"u\"}]}", null, 400, "MISSING_TYPE"),
        Arguments.of("unknown type", "/v1/batch", "{\"batch\":[{\"type\":\"purchase\"}]}", null, 400, "UNKNOWN_TYPE"),
        Arguments.of("message over 32 KB", "/v1/track", "{\"type\":\"track\",\"event\":\"E\",\"properties\":{\"p\":\"" + big + "\"}}", null, 413, "MESSAGE_TOO_LARGE"),
        Arguments.of("request over 500 KB", "/v1/batch", huge.toString(), null, 413, "REQUEST_TOO_LARGE"),
        Arguments.of("gzip that is not gzip", "/v1/batch", IDENTIFY, "gzip", 400, "INVALID_GZIP"),
        Arguments.of("deeply nested JSON", "/v1/batch", deep(10_000), null, 400, "JSON_TOO_DEEP"),
        Arguments.of("2,501 messages", "/v1/batch", "{\"batch\":[" + "{},".repeat(2_500) + "{}]}", null, 413, "TOO_MANY_MESSAGES"),
        Arguments.of("2,500 messages: the most, each refused on its own", "/v1/batch", "{\"batch\":[" + "{},".repeat(2_499) + "{}]}",
            null, 400, "MISSING_TYPE"),
        Arguments.of("number of 2,000 digits", "/v1/identify", "{\"type\":\"identify\",\"traits\":{\"n\":" + "9".repeat(2_000) + "}}",
            null, 400, "JSON_VALUE_TOO_LONG"),
        Arguments.of("body not an object", "/v1/identify", "[1,2]", null, 400, "INVALID_BODY"),
        Arguments.of("type contradicts path", "/v1/track", "{\"type\":\"identify\"}", null, 400, "TYPE_MISMATCH"));
  }

  @ParameterizedTest(name = "{0} -> {4} {5}")
  @MethodSource("badInput")
  void badInputGetsA4xxNamingTheProblem(String name, String path, String body, String encoding, int status, String code) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", AUTH);
    if (encoding != null) b.header("Content-Encoding", encoding);
    HttpResponse<String> r = server.send(b.build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode json = tree(r.body());
    assertThat(json.path("success").asBoolean(true)).isFalse();
    assertThat(json.path("error").path("code").asText()).isEqualTo(code);
    assertThat(json.path("error").path("message").asText()).isNotBlank();
    assertThat(server.post("/v1/identify", IDENTIFY, "Authorization", AUTH).statusCode()).as("still serving").isEqualTo(200);
  }

  @Test
  void nonUtf8BytesAre400() {
    byte[] bytes = "{\"batch\":[{\"type\":\"identify\",\"traits\":{\"email\":\"a@x.com\",\"n\":\"\u00ff\"}}]}".getBytes(StandardCharsets.ISO_8859_1);
    var r = server.post("/v1/batch", HttpRequest.BodyPublishers.ofByteArray(bytes), "Authorization", AUTH);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(tree(r.body()).path("error").path("code").asText()).isEqualTo("INVALID_ENCODING");
  }

  @Test
  void writeKeysAreCheckedInBothAuthStyles() {
    assertThat(server.post("/v1/identify", IDENTIFY).statusCode()).isEqualTo(401);
    assertThat(tree(server.post("/v1/identify", IDENTIFY).body()).path("error").path("code").asText()).isEqualTo("MISSING_WRITE_KEY");
    var wrong = server.post("/v1/identify", IDENTIFY, "Authorization", basic("nope"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(tree(wrong.body()).path("error").path("code").asText()).isEqualTo("UNKNOWN_WRITE_KEY");
    assertThat(server.post("/v1/batch", "{\"writeKey\":\"other\",\"batch\":[" + IDENTIFY + "]}").statusCode()).isEqualTo(200);
    assertThat(server.post("/v1/identify", "{\"writeKey\":\"wk\",\"type\":\"identify\",\"traits\":{\"email\":\"a@x.com\"}}").statusCode())
        .isEqualTo(200);
    assertThat(server.post("/v1/batch", "{\"writeKey\":\"nope\",\"batch\":[" + IDENTIFY + "]}").statusCode()).isEqualTo(401);
  }

  @Test
  void everyPathAndTrailingSlashAndContentTypeIsAccepted() {
    for (String path : new String[] {"/v1/batch", "/v1/batch/", "/v1/import", "/v1/import/", "/v1/b"}) {
      var r = server.post(path, "{\"batch\":[" + IDENTIFY + "]}", "Authorization", AUTH, "Content-Type", "text/plain");
      assertThat(r.statusCode()).as(path).isEqualTo(200);
    }
    String[][] singles = {{"identify", "i", "{\"traits\":{\"email\":\"a@x.com\"}}"}, {"track", "t", "{\"event\":\"E\",\"userId\":\"u\"}"},
        {"page", "p", "{\"name\":\"Home\"}"}, {"screen", "s", "{\"name\":\"Home\"}"}, {"group", "g", "{\"groupId\":\"g1\"}"},
        {"alias", "a", "{\"previousId\":\"a\",\"userId\":\"b\"}"}};
    for (String[] s : singles) {
      for (String path : new String[] {"/v1/" + s[0], "/v1/" + s[1], "/v1/" + s[0] + "/"}) {
        var r = server.post(path, s[2], "Authorization", AUTH, "Content-Type", "application/x-www-form-urlencoded");
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        assertThat(tree(r.body()).path("results").get(0).path("type").asText()).isEqualTo(s[0]);
      }
    }
  }

  @Test
  void gzipBodiesAreRead() {
    var r = server.post("/v1/batch", HttpRequest.BodyPublishers.ofByteArray(gzip("{\"batch\":[" + IDENTIFY + "]}")),
        "Authorization", AUTH, "Content-Encoding", "gzip", "Content-Type", "application/x-www-form-urlencoded");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(tree(r.body()).path("results").get(0).path("messageId").asText()).isEqualTo("m-1");
  }

  @Test
  void oneBadMessageDoesNotLoseTheRestOfTheBatch() {
    var r = server.post("/v1/batch", "{\"batch\":[" + IDENTIFY + ",{\"messageId\":\"bad\"}]}", "Authorization", AUTH);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode json = tree(r.body());
    assertThat(json.path("error").path("code").asText()).isEqualTo("MISSING_TYPE");
    assertThat(json.path("error").path("message").asText()).contains("batch[1]");
    assertThat(json.path("results").get(0).path("outcome").asText()).isEqualTo("DELIVERED_WITH_WARNINGS");
    assertThat(json.path("results").get(0).path("requests")).hasSize(1);
    assertThat(json.path("results").get(1).path("outcome").asText()).isEqualTo("DROPPED");
  }

  @Test
  void corsPreflightAndHeadersForBrowserCollectors() {
    HttpRequest preflight = HttpRequest.newBuilder(URI.create(server.url("/v1/t")))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://shop.example").header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type").build();
    var r = server.send(preflight);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("http://shop.example");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).contains("authorization,content-type");
    var post = server.post("/v1/t", "{\"event\":\"E\",\"userId\":\"u\"}", "Authorization", AUTH, "Origin", "http://shop.example",
        "Content-Type", "text/plain");
    assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).contains("http://shop.example");
  }

  @Test
  void dryRunAnswersWithTheRequestsThatWouldBeSent() {
    var r = server.post("/v1/identify", "{\"type\":\"identify\",\"messageId\":\"m-9\",\"traits\":{\"email\":\" Jane@Example.com \",\"firstName\":\"Jane\"}}",
        "Authorization", AUTH);
    JsonNode request = tree(r.body()).path("results").get(0).path("requests").get(0);
    assertThat(request.path("method").asText()).isEqualTo("POST");
    assertThat(request.path("path").asText()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
    assertThat(request.path("body")).isEqualTo(tree("""
        {"inputs":[{"idProperty":"email","id":"jane@example.com","objectWriteTraceId":"m-9",
          "properties":{"email":"jane@example.com","firstname":"Jane"}}]}"""));
  }

  @Test
  void validateReturnsThePlannedRequestsForADestination() {
    var r = server.post("/v1/validate", "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"v-1\",\"traits\":{\"email\":\"v@x.com\"}}]}",
        "Authorization", AUTH);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode result = tree(r.body()).path("results").get(0);
    assertThat(result.path("requests").get(0).path("body").path("inputs").get(0).path("id").asText()).isEqualTo("v@x.com");
  }

  @Test
  void unknownPathsAndMethodsAreJson() {
    var r = server.get("/v1/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(tree(r.body()).path("error").path("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void healthAndMetrics() {
    var health = server.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(tree(health.body()).path("destinations").get(0).path("mode").asText()).isEqualTo("dry-run");
    server.post("/v1/identify", IDENTIFY, "Authorization", AUTH);
    var metrics = server.get("/metrics").body();
    assertThat(metrics).contains("ingest_messages_total{destination=\"default\",type=\"identify\"}");
    assertThat(metrics).contains("message_outcomes_total").contains("delivery_queued_operations").contains("jvm_memory_used_bytes");
    assertThat(metrics).doesNotContain("wk");
  }
}
