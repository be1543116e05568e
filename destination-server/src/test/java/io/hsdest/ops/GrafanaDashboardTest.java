package io.hsdest.ops;

import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hsdest.fake.EmailTraffic;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.testkit.ServerHarness;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/grafana-dashboard.json} charts only what the server exports: every PromQL expression in it (panels and
 * template variables) names metrics found in the {@code /metrics} of a running server that has done a bit of
 * everything (messages delivered and dropped, an email events export to a sink, a warehouse sync, a malformed request
 * at the door). And every name the server exports follows Prometheus' conventions.
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json");
  private static final String ADMIN = "admin-dashboard-token";
  /** PromQL words that are not metric names. */
  private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase", "by",
      "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "time",
      "histogram_quantile", "label_values", "topk", "bottomk", "abs", "clamp_min", "clamp_max", "delta", "deriv");
  private static final Map<String, String> TUNING = Map.of("hsdest.emailEvents.settleMs", "500",
      "hsdest.emailEvents.initialWindowMs", "86400000", "hsdest.emailEvents.trailingMs", "1000",
      "hsdest.emailEvents.minCallIntervalMs", "50", "hsdest.warehouse.firstRunDelayMs", "3600000");

  private static FakeHubSpot fake;
  private static HttpServer sink;
  private static ServerHarness server;
  private static String scrape;

  @BeforeAll
  static void start() throws Exception {
    TUNING.forEach(System::setProperty);
    fake = FakeHubSpot.start(null, 0);
    long now = System.currentTimeMillis();
    fake.addEmailEvents(new EmailTraffic(7).events(20, now - 3_600_000, now - 120_000));
    sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] ok = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
      exchange.close();
    });
    sink.start();
    // durable mode: it exports what sync mode does, and the log's gauges and the receipts beside
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl(), "ADMIN_TOKEN", ADMIN, "DELIVERY_MODE", "durable"), """
        {"destinations":[{"id":"acme","writeKeys":["wk-dash"],"settings":{"accessToken":"%s","portalId":"123456",
          "emailEvents":{"enabled":true,"backfillDays":1,"pollIntervalSeconds":86400,
            "sink":{"type":"segment","url":"http://127.0.0.1:%d","writeKey":"sink-dash"}},
          "warehouse":{"enabled":true,"collections":["contacts","companies"]}}}]}"""
        .formatted(FakeHubSpot.DEFAULT_TOKEN, sink.getAddress().getPort()));
    var sent = server.post("/v1/batch", "{\"batch\":[{\"type\":\"identify\",\"userId\":\"u1\",\"messageId\":\"d-1\","
        + "\"traits\":{\"email\":\"d1@example.com\"}},{\"type\":\"identify\",\"userId\":\"u2\",\"messageId\":\"d-2\","
        + "\"traits\":{\"email\":\"nope\"}}]}", "Authorization", basic("wk-dash"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    assertThat(server.post("/v1/admin/email-events/sync?destination=acme", "", "Authorization", "Bearer " + ADMIN).statusCode())
        .isEqualTo(200);
    assertThat(server.post("/v1/admin/warehouse/sync?destination=acme", "", "Authorization", "Bearer " + ADMIN).statusCode())
        .isEqualTo(200);
    malformedRequest(server.server.port());
    // GC pauses are exported from the first collection on (a JMX notification, delivered asynchronously); the
    // identify's final receipt once delivery took it from the log
    for (int i = 0; i < 50 && (scrape == null || !scrape.contains("jvm_gc_pause_seconds_sum") || !delivered(scrape)); i++) {
      System.gc();
      Thread.sleep(100);
      scrape = server.get("/metrics").body();
    }
  }

  private static boolean delivered(String scrape) {
    return scrape.lines().anyMatch(l -> l.startsWith("delivery_receipts_total{") && l.contains("outcome=\"DELIVERED"));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (sink != null) sink.stop(0);
    if (fake != null) fake.close();
    TUNING.keySet().forEach(System::clearProperty);
  }

  @Test
  void everyExpressionOfTheDashboardNamesMetricsTheServerExports() throws IOException {
    JsonNode dashboard = JsonBodies.MAPPER.readTree(Files.readString(DASHBOARD));
    List<String> expressions = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) expressions.add(variable.path("query").path("query").asText());
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(20);
    Set<String> exported = seriesNames(scrape);
    Set<String> named = new TreeSet<>();
    for (String expr : expressions) {
      Set<String> metrics = metricNames(expr);
      assertThat(metrics).as("no metric in " + expr).isNotEmpty();
      named.addAll(metrics);
    }
    assertThat(exported).as("the server exports every metric the dashboard names").containsAll(named);
    assertThat(named).contains("ingest_messages_total", "message_outcomes_total", "hubspot_request_duration_seconds_count",
        "hubspot_rate_limited_total", "email_events_sent_total", "warehouse_rows_written_total", "http_malformed_requests_total",
        "process_cpu_seconds_total");
  }

  @Test
  void theNamesFollowPrometheusConventions() {
    Map<String, String> types = new java.util.HashMap<>();
    Matcher t = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(scrape);
    while (t.find()) types.put(t.group(1), t.group(2));
    assertThat(types).isNotEmpty();
    for (var e : types.entrySet()) {
      String name = e.getKey();
      assertThat(name).as("snake_case").matches("[a-z][a-z0-9_]*");
      if (e.getValue().equals("counter")) assertThat(name).as("a counter ends in _total").endsWith("_total");
      assertThat(name).as("base units").doesNotContain("_ns_").doesNotContain("_ms").doesNotContain("_milliseconds")
          .doesNotEndWith("_ns");
    }
    assertThat(scrape).contains("hubspot_request_duration_seconds_count{").contains("process_cpu_seconds_total ")
        .doesNotContain("hubspot_calls_seconds").doesNotContain("process_cpu_time_ns");
    // labels name bounded things, never a message, a user or a record
    Matcher labels = Pattern.compile("(?m)^[a-z_]+\\{([^}]*)}").matcher(scrape);
    Set<String> labelNames = new TreeSet<>();
    while (labels.find()) {
      for (String pair : labels.group(1).split(",(?=[a-z_]+=)")) labelNames.add(pair.substring(0, pair.indexOf('=')));
    }
    assertThat(labelNames).doesNotContain("messageId", "message_id", "userId", "user_id", "email", "contact_id", "path");
  }

  /** The series names of a Prometheus text exposition. */
  static Set<String> seriesNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(line);
      if (m.find()) names.add(m.group(1));
    }
    return names;
  }

  /** The metric names an expression uses: what is left once strings, matchers, ranges, groupings and functions go. */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // string literals
        .replaceAll("\\{[^}]*}", " ") // label matchers
        .replaceAll("\\[[^]]*]", " ") // ranges
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ") // label lists
        .replaceAll("label_values\\(([^,()]+),[^)]*\\)", "label_values($1)"); // Grafana's variable query: (metric, label)
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?<![\\w$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
    while (m.find()) {
      String word = m.group(1);
      if (m.group(2) != null || PROMQL.contains(word)) continue; // a function call or a keyword
      names.add(word);
    }
    return names;
  }

  @Test
  void theExpressionReaderFindsMetricsAndOnlyMetrics() {
    assertThat(metricNames("sum by (destination, type) (rate(ingest_messages_total{destination=~\"$destination\"}[$__rate_interval]))"))
        .containsExactly("ingest_messages_total");
    assertThat(metricNames("time() - max by (destination) (warehouse_last_success_timestamp_seconds{destination=~\"x\"})"))
        .containsExactly("warehouse_last_success_timestamp_seconds");
    assertThat(metricNames("label_values(ingest_messages_total, destination)")).containsExactly("ingest_messages_total");
    assertThat(metricNames("sum(rate(a_total{x=\"y\"}[5m])) / sum(rate(b_total[5m])) > bool 0")).containsExactly("a_total", "b_total");
  }

  private static void malformedRequest(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.getInputStream().readAllBytes();
    }
  }
}
