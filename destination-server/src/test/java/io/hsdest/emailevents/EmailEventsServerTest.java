package io.hsdest.emailevents;

import static io.hsdest.testkit.Json.tree;
import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.EmailTraffic;
import io.hsdest.fake.FakeConfig;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.ServerHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The export inside the real server: started with the server from the config file, reading HubSpot through the
 * destination's paced client (one rate budget with delivery: no 429 from HubSpot although the export alone needs
 * more calls than the budget allows in 10 s), {@code POST /v1/admin/email-events/sync}, the {@code emailEvents}
 * section of {@code /status}, the metrics, and the sink key nowhere in any of them.
 */
class EmailEventsServerTest {
  private static final String ADMIN = "admin-made-up-token";
  private static final String WRITE_KEY = "segment-made-up-key-4711";
  private static final Map<String, String> TUNING = Map.of("hsdest.emailEvents.settleMs", "1000",
      "hsdest.emailEvents.pageSize", "10", "hsdest.emailEvents.initialWindowMs", "86400000",
      "hsdest.emailEvents.sinkBackoffBaseMs", "10", "hsdest.emailEvents.sinkBackoffMaxMs", "100",
      "hsdest.emailEvents.hubspotBackoffBaseMs", "10", "hsdest.emailEvents.hubspotBackoffMaxMs", "100",
      "hsdest.emailEvents.hubspotMaxWaitMs", "2000", "hsdest.emailEvents.trailingMs", "7200000",
      "hsdest.emailEvents.minCallIntervalMs", "100");
  private FakeHubSpot fake;
  private SinkCapture sink;
  private ServerHarness server;

  @BeforeAll
  static void tune() {
    TUNING.forEach(System::setProperty);
  }

  @AfterAll
  static void untune() {
    TUNING.keySet().forEach(System::clearProperty);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (sink != null) sink.close();
    if (fake != null) fake.close();
  }

  private void start(int perTenSeconds) {
    fake = FakeHubSpot.start(null, 0, FakeConfig.defaults().withRateLimitPer10s(perTenSeconds));
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, WRITE_KEY);
    String emailEvents = "{\"enabled\":true,\"backfillDays\":1,\"pollIntervalSeconds\":86400,"
        + "\"sink\":{\"type\":\"segment\",\"url\":\"" + sink.url() + "\",\"writeKey\":\"" + WRITE_KEY + "\"}}";
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()), """
        {"server":{"adminToken":"%s"},
         "destinations":[
          {"id":"shop","writeKeys":["shop-key"],"settings":{"accessToken":"%s","portalId":"123456",
            "requestsPer10Seconds":%d,"emailEvents":%s}},
          {"id":"blog","writeKeys":["blog-key"],"settings":{"portalId":"777","emailEvents":%s}}]}"""
        .formatted(ADMIN, FakeHubSpot.DEFAULT_TOKEN, perTenSeconds > 0 ? perTenSeconds : 100, emailEvents, emailEvents));
  }

  private JsonNode shopExport() {
    return tree(server.get("/status", "Authorization", bearer()).body()).path("destinations").get(0).path("emailEvents");
  }

  private HttpResponse<String> sync(String query, String... headers) {
    return server.post("/v1/admin/email-events/sync" + query, "", headers);
  }

  private static String bearer() {
    return "Bearer " + ADMIN;
  }

  @Test
  void theServerExportsOnItsOwnAndOnDemandSharingTheTokensBudgetAndShowsItWithoutTheKey() throws Exception {
    start(8);
    long until = System.currentTimeMillis() + 30_000;
    while (!"ok".equals(shopExport().path("lastPoll").path("outcome").asText())) {
      assertThat(System.currentTimeMillis()).as("the first poll, at start-up, ends").isLessThan(until);
      Thread.sleep(50);
    }
    // events HubSpot shows only after that poll read past their time: the next poll's re-read (trailingMs) finds them
    long now = System.currentTimeMillis();
    List<JsonObject> seeded = fake.portal().addEmailEvents(new EmailTraffic(21).events(50, now - 3_600_000, now - 60_000));
    // delivery spends the same budget meanwhile: its admission sees what the export spent (200, or 429/503 to resend)
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> identify = server.post("/v1/identify", "{\"userId\":\"u" + i + "\",\"messageId\":\"m" + i
          + "\",\"traits\":{\"email\":\"u" + i + "@x.example\"}}", "Authorization", basic("shop-key"));
      assertThat(identify.statusCode()).as(identify.body()).isIn(200, 429, 503);
    }
    HttpResponse<String> r = sync("?destination=shop", "Authorization", bearer());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = tree(r.body());
    assertThat(report.path("success").asBoolean()).isTrue();
    assertThat(report.path("cursor").path("doneUntil").asText()).isNotBlank();

    Set<String> expected = new HashSet<>();
    for (JsonObject e : seeded) {
      if (!e.getString("type").equals("UNBOUNCE")) {
        expected.add(new EventId(e.getLong("created"), e.getString("id")).exportId("123456"));
      }
    }
    assertThat(report.path("sent").asLong()).as("sent by the sync asked for").isEqualTo(expected.size());
    assertThat(sink.ingested()).extracting(sink::idOf).containsExactlyInAnyOrderElementsOf(expected);
    long emailCalls = fake.calls().stream().filter(c -> c.path().equals("/email/public/v1/events")).count();
    assertThat(emailCalls).isGreaterThanOrEqualTo(5);
    assertThat(fake.stats().total()).as("more calls than the token's budget allows in 10 s").isGreaterThan(8);
    assertThat(fake.tooManyRequestsSent()).as("one budget for delivery and export: HubSpot never had to refuse").isZero();

    JsonNode status = tree(server.get("/status", "Authorization", bearer()).body());
    JsonNode shop = status.path("destinations").get(0).path("emailEvents");
    assertThat(shop.path("counts").path("sent").asLong()).isEqualTo(expected.size());
    assertThat(shop.path("sink").path("type").asText()).isEqualTo("segment");
    assertThat(shop.path("lagSeconds").asLong()).isLessThan(120);
    assertThat(shop.path("lastPoll").path("outcome").asText()).isEqualTo("ok");
    JsonNode blog = status.path("destinations").get(1).path("emailEvents");
    assertThat(blog.path("running").asBoolean(true)).isFalse();
    assertThat(blog.path("reason").asText()).contains("dry-run");

    String metrics = server.get("/metrics").body();
    assertThat(metrics).contains("email_events_sent_total{destination=\"shop\"")
        .contains("email_events_lag_seconds{destination=\"shop\"").contains("email_events_read_total");
    for (String shown : new String[] {r.body(), status.toString(), metrics}) {
      assertThat(shown).doesNotContain(WRITE_KEY).doesNotContain(FakeHubSpot.DEFAULT_TOKEN);
    }
  }

  @Test
  void theSyncEndpointIsForAdminsAndNamesWhatIsWrong() {
    start(0);
    assertThat(sync("?destination=shop").statusCode()).isEqualTo(401);
    HttpResponse<String> missing = sync("", "Authorization", bearer());
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(tree(missing.body()).path("error").path("code").asText()).isEqualTo("MISSING_DESTINATION");
    HttpResponse<String> unknown = sync("?destination=nope", "Authorization", bearer());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(tree(unknown.body()).path("error").path("code").asText()).isEqualTo("NO_EMAIL_EVENTS_EXPORT");
    HttpResponse<String> dry = sync("?destination=blog", "Authorization", bearer());
    assertThat(dry.statusCode()).isEqualTo(404);
    assertThat(tree(dry.body()).path("error").path("message").asText()).contains("dry-run");

    fake.configure(c -> c.withOutage(true));
    HttpResponse<String> down = sync("?destination=shop", "Authorization", bearer());
    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
    assertThat(down.headers().firstValue("Retry-After")).isPresent();
    assertThat(tree(down.body()).path("error").path("code").asText()).isEqualTo("HUBSPOT_UNAVAILABLE");
    assertThat(tree(server.get("/status", "Authorization", bearer()).body()).path("destinations").get(0)
        .path("emailEvents").path("lastFailure").path("error").path("code").asText()).isEqualTo("HUBSPOT_UNAVAILABLE");
  }
}
