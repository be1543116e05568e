package io.hsdest.emailevents;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.EmailTraffic;
import io.hsdest.fake.FakeConfig;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.fake.ScriptedResponse;
import io.hsdest.hubspot.ApiVersions;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HttpHubSpotApi;
import io.hsdest.store.LocalStore;
import io.hsdest.testkit.TestSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The export against the HubSpot fake and a capture collector per sink format: names, identities, times and
 * properties; exactly once across polls, late events, restarts of the export, expired offsets, and HubSpot and the
 * sink failing for a while. Timings are shortened ({@link ExportTuning}); nothing sleeps.
 */
class EmailEventsExportTest {
  static final String PORTAL = "123456";
  static final String WRITE_KEY = "segment-made-up-write-key";
  static final String API_KEY = "amplitude-made-up-api-key";
  static final long HOUR = 3_600_000L;
  static final ExportTuning FAST = new ExportTuning(1_000, 5 * 60_000, HOUR, 60_000, 86_400_000L, 1000,
      new Backoff(10, 200), 20_000, new Backoff(10, 200), 20_000, 20_000, 50, 0);

  static FakeHubSpot fake;
  static Vertx vertx;
  Path dir;
  LocalStore store;
  SinkCapture sink;
  EmailEventsExport export;
  PrometheusMeterRegistry metrics;

  @BeforeAll
  static void startFake() {
    fake = FakeHubSpot.start(null, 0);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @BeforeEach
  void fresh() throws Exception {
    fake.configure(FakeConfig.defaults());
    fake.reset();
    dir = Files.createTempDirectory("email-events");
    store = open();
  }

  @AfterEach
  void close() throws Exception {
    if (export != null) export.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (sink != null) sink.close();
    store.close();
  }

  LocalStore open() throws Exception {
    return vertx.executeBlocking(() -> LocalStore.onDisk(vertx, dir.resolve("store.mv.db").toString()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Settings validated by the real schema, as a destination would have them. */
  static ExportSettings settings(SinkCapture sink, String extra) {
    return settings(sink, sink.key, extra);
  }

  static ExportSettings settings(SinkCapture sink, String key, String extra) {
    String secret = sink.kind == SinkCapture.Kind.SEGMENT ? "\"writeKey\":\"" + key + "\"" : "\"apiKey\":\"" + key + "\"";
    String json = "{\"emailEvents\":{\"enabled\":true,\"backfillDays\":3,\"sink\":{\"type\":\""
        + sink.kind.name().toLowerCase() + "\",\"url\":\"" + sink.url() + "\"," + secret + "}" + extra + "}}";
    return ExportSettings.from(TestSettings.s0(json).raw());
  }

  EmailEventsExport export(ExportSettings settings, ExportTuning tuning) {
    Context context = vertx.getOrCreateContext();
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpHubSpotApi api = new HttpHubSpotApi(vertx, null, fake.baseUrl(), FakeHubSpot.DEFAULT_TOKEN, 10_000,
        new SimpleMeterRegistry());
    export = new EmailEventsExport("acme", PORTAL, settings, vertx, context, api, new Calls(ApiVersions.DEFAULT), new io.hsdest.store.LocalKeyValueStore(store),
        metrics, tuning, Clock.systemUTC());
    return export;
  }

  static Map<String, Object> sync(EmailEventsExport e) throws Exception {
    return e.syncNow().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** 2,500 events of every type, created over the last two days up to an hour ago. */
  static List<JsonObject> seed2500() {
    long now = System.currentTimeMillis();
    return fake.portal().addEmailEvents(new EmailTraffic(42).events(2500, now - 48 * HOUR, now - HOUR));
  }

  static Map<String, JsonObject> byExportId(List<JsonObject> hubspotEvents) {
    Map<String, JsonObject> m = new HashMap<>();
    for (JsonObject e : hubspotEvents) {
      if (!e.getString("type").equals("UNBOUNCE")) {
        m.put(new EventId(e.getLong("created"), e.getString("id")).exportId(PORTAL), e);
      }
    }
    return m;
  }

  /** Asserts the collector ingested each of {@code expected} exactly once, and nothing else. */
  static void exactlyOnce(SinkCapture sink, Map<String, JsonObject> expected) {
    List<JsonObject> ingested = sink.ingested();
    Set<String> ids = new HashSet<>();
    for (JsonObject e : ingested) assertThat(ids.add(sink.idOf(e))).as("sent once: " + sink.idOf(e)).isTrue();
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(sink.violations()).isEmpty();
  }

  @Test
  void twoThousandFiveHundredEventsOfEveryTypeReachASegmentSinkOnceWithSpecNamesIdentitiesTimesAndProperties()
      throws Exception {
    List<JsonObject> seeded = seed2500();
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, WRITE_KEY);
    Map<String, Object> report = sync(export(settings(sink, ""), FAST));

    assertThat(report.get("success")).as(Json.encode(report)).isEqualTo(true);
    Map<String, JsonObject> expected = byExportId(seeded);
    exactlyOnce(sink, expected);
    long unbounces = seeded.stream().filter(e -> e.getString("type").equals("UNBOUNCE")).count();
    assertThat(unbounces).isPositive();
    assertThat(report.get("sent")).isEqualTo((long) expected.size());
    assertThat(Json.encode(report.get("skipped"))).contains("\"NOT_SELECTED\":" + unbounces);

    Map<String, String> names = new HashMap<>();
    for (JsonObject track : sink.ingested()) {
      JsonObject source = expected.get(track.getString("messageId"));
      String type = source.getString("type");
      String recipient = source.getString("recipient");
      names.putIfAbsent(type + (type.equals("STATUSCHANGE") ? ":" + track.getString("event") : ""), track.getString("event"));
      assertThat(track.getString("type")).isEqualTo("track");
      assertThat(track.getString("userId")).isEqualTo(recipient);
      assertThat(track.getJsonObject("context").getJsonObject("traits").getString("email")).isEqualTo(recipient);
      assertThat(track.getString("timestamp")).isEqualTo(Instant.ofEpochMilli(source.getLong("created")).toString());
      JsonObject p = track.getJsonObject("properties");
      assertThat(p.getString("hubspot_event_id")).isEqualTo(source.getString("id"));
      assertThat(p.getString("hubspot_event_type")).isEqualTo(type);
      assertThat(p.getString("campaign_id")).isEqualTo(String.valueOf(source.getLong("emailCampaignId")));
      sameProperties(source, p);
      if (source.containsKey("userAgent")) {
        assertThat(track.getJsonObject("context").getString("userAgent")).isEqualTo(source.getString("userAgent"));
        assertThat(track.getJsonObject("context").getJsonObject("location").getString("city"))
            .isEqualTo(source.getJsonObject("location").getString("city"));
      }
    }
    assertThat(names).containsEntry("SENT", "Email Sent").containsEntry("DROPPED", "Email Dropped")
        .containsEntry("PROCESSED", "Email Processed").containsEntry("DELIVERED", "Email Delivered")
        .containsEntry("DEFERRED", "Email Deferred").containsEntry("BOUNCE", "Email Bounced")
        .containsEntry("OPEN", "Email Opened").containsEntry("CLICK", "Email Link Clicked")
        .containsEntry("PRINT", "Email Printed").containsEntry("FORWARD", "Email Forwarded")
        .containsEntry("SPAMREPORT", "Email Marked as Spam").containsEntry("SUPPRESSED", "Email Suppressed")
        .containsEntry("STATUSCHANGE:Unsubscribed", "Unsubscribed");
    assertThat(sink.requests()).allSatisfy(r -> assertThat(r.headers().get("authorization")).startsWith("Basic "));
  }

  @Test
  void twoThousandFiveHundredEventsReachAnAmplitudeSinkOnceWithItsImportsNamesAndUserProperties() throws Exception {
    List<JsonObject> seeded = seed2500();
    sink = SinkCapture.start(SinkCapture.Kind.AMPLITUDE, API_KEY);
    Map<String, Object> report = sync(export(settings(sink, ",\"eventTypes\":[\"SENT\",\"DROPPED\",\"PROCESSED\","
        + "\"DELIVERED\",\"DEFERRED\",\"BOUNCE\",\"OPEN\",\"CLICK\",\"STATUSCHANGE\",\"SPAMREPORT\",\"SUPPRESSION\","
        + "\"PRINT\",\"FORWARD\",\"UNBOUNCE\"]"), FAST));

    assertThat(report.get("success")).as(Json.encode(report)).isEqualTo(true);
    Map<String, JsonObject> expected = byExportId(seeded);
    exactlyOnce(sink, expected);
    long unbounces = seeded.stream().filter(e -> e.getString("type").equals("UNBOUNCE")).count();
    assertThat(Json.encode(report.get("skipped"))).isEqualTo("{\"NO_RECIPIENT\":" + unbounces + "}");

    Map<String, String> names = new HashMap<>();
    for (JsonObject event : sink.ingested()) {
      JsonObject source = expected.get(event.getString("insert_id"));
      names.putIfAbsent(source.getString("type"), event.getString("event_type"));
      assertThat(event.getString("user_id")).isEqualTo(source.getString("recipient"));
      assertThat(event.getLong("time")).isEqualTo(source.getLong("created"));
      JsonObject p = event.getJsonObject("event_properties");
      assertThat(p.getString("hubspot_event_id")).isEqualTo(source.getString("id"));
      sameProperties(source, p);
      JsonObject location = source.getJsonObject("location");
      if (location != null) {
        assertThat(event.getString("city")).isEqualTo(location.getString("city"));
        assertThat(event.getString("region")).isEqualTo(location.getString("state"));
        assertThat(event.getString("country")).isEqualTo(location.getString("country"));
        assertThat(event.getString("os_name")).isEqualTo(source.getJsonObject("browser").getString("family"));
        assertThat(event.getString("os_version")).isEqualTo(source.getJsonObject("browser").getJsonArray("version").getString(0));
      } else {
        assertThat(event.containsKey("city")).isFalse();
        assertThat(event.containsKey("os_name")).isFalse();
      }
    }
    assertThat(names).containsEntry("SENT", "[HubSpot] EMAIL_SENT").containsEntry("DROPPED", "[HubSpot] EMAIL_DROPPED")
        .containsEntry("PROCESSED", "[HubSpot] EMAIL_PROCESSED").containsEntry("DELIVERED", "[HubSpot] EMAIL_DELIVERED")
        .containsEntry("DEFERRED", "[HubSpot] EMAIL_DEFERRED").containsEntry("BOUNCE", "[HubSpot] EMAIL_BOUNCE")
        .containsEntry("OPEN", "[HubSpot] EMAIL_OPEN").containsEntry("CLICK", "[HubSpot] EMAIL_CLICK")
        .containsEntry("STATUSCHANGE", "[HubSpot] EMAIL_STATUS_CHANGE")
        .containsEntry("SPAMREPORT", "[HubSpot] EMAIL_SPAM_REPORT")
        .containsEntry("SUPPRESSED", "[HubSpot] EMAIL_SUPPRESSED").containsEntry("PRINT", "[HubSpot] EMAIL_PRINT")
        .containsEntry("FORWARD", "[HubSpot] EMAIL_FORWARD").doesNotContainKey("UNBOUNCE");
  }

  /** The properties both sinks carry, checked against the HubSpot event they came from. */
  static void sameProperties(JsonObject source, JsonObject p) {
    Map<String, String> textFields = Map.of("subject", "email_subject", "url", "link_url", "category", "bounce_category",
        "status", "bounce_status", "dropReason", "drop_reason", "response", "smtp_response");
    textFields.forEach((hubspot, property) -> {
      if (source.containsKey(hubspot)) assertThat(p.getString(property)).as(property).isEqualTo(source.getString(hubspot));
      else assertThat(p.containsKey(property)).as(property).isFalse();
    });
    Map<String, String> refs = Map.of("sentBy", "sent_by", "obsoletedBy", "obsoleted_by", "causedBy", "caused_by");
    refs.forEach((hubspot, property) -> {
      if (source.containsKey(hubspot)) {
        assertThat(p.getJsonObject(property).getString("id")).isEqualTo(source.getJsonObject(hubspot).getString("id"));
        assertThat(p.getJsonObject(property).getLong("created")).isEqualTo(source.getJsonObject(hubspot).getLong("created"));
      } else {
        assertThat(p.containsKey(property)).as(property).isFalse();
      }
    });
    if (source.containsKey("browser")) {
      assertThat(p.getJsonObject("browser").getString("family")).isEqualTo(source.getJsonObject("browser").getString("family"));
      assertThat(p.getJsonObject("location").getString("country")).isEqualTo(source.getJsonObject("location").getString("country"));
    }
  }

  @Test
  void newEventsArriveOnTheNextPollAndOnlyThey() throws Exception {
    long now = System.currentTimeMillis();
    List<JsonObject> first = fake.portal().addEmailEvents(new EmailTraffic(1).events(300, now - 5 * HOUR, now - HOUR));
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, WRITE_KEY);
    EmailEventsExport e = export(settings(sink, ""), FAST);
    assertThat(sync(e).get("success")).isEqualTo(true);
    int afterFirst = sink.ingested().size();
    assertThat(afterFirst).isEqualTo(byExportId(first).size());

    Map<String, Object> idle = sync(e);
    assertThat(idle.get("sent")).isEqualTo(0L);
    assertThat(sink.ingested()).hasSize(afterFirst);

    long later = System.currentTimeMillis();
    List<JsonObject> fresh = fake.portal().addEmailEvents(new EmailTraffic(2).events(120, later - 60_000, later - 2_000));
    Map<String, Object> second = sync(e);
    assertThat(second.get("sent")).isEqualTo((long) byExportId(fresh).size());
    List<JsonObject> ingested = sink.ingested();
    Set<String> newIds = new HashSet<>();
    ingested.subList(afterFirst, ingested.size()).forEach(t -> newIds.add(t.getString("messageId")));
    assertThat(newIds).containsExactlyInAnyOrderElementsOf(byExportId(fresh).keySet());
    Map<String, JsonObject> all = byExportId(first);
    all.putAll(byExportId(fresh));
    exactlyOnce(sink, all);
  }

  @Test
  void aLateEventWithinTheTrailingWindowArrivesOnceAndAnOlderOneIsBeyondReach() throws Exception {
    long now = System.currentTimeMillis();
    fake.portal().addEmailEvents(new EmailTraffic(3).events(50, now - 3 * HOUR, now - 10 * 60_000));
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, WRITE_KEY);
    EmailEventsExport e = export(settings(sink, ""), FAST);
    sync(e);
    int before = sink.ingested().size();

    // created two minutes ago, before where the export stands, shown by HubSpot only now
    JsonObject late = fake.portal().addEmailEvents(List.of(new EmailTraffic(4).event("OPEN", "late@x.example",
        System.currentTimeMillis() - 120_000))).get(0);
    Map<String, Object> report = sync(e);
    assertThat(report.get("sent")).isEqualTo(1L);
    assertThat(sink.ingested().get(before).getJsonObject("properties").getString("hubspot_event_id"))
        .isEqualTo(late.getString("id"));
    Map<String, Object> again = sync(e);
    assertThat(again.get("sent")).isEqualTo(0L);
    assertThat(again.get("duplicatesRemoved")).as("read again within the trailing window, not sent again").isEqualTo(1L);
    assertThat(sink.ingested()).hasSize(before + 1);

    // later than the trailing window (5 minutes here, 15 by default): documented as out of reach
    fake.portal().addEmailEvents(List.of(new EmailTraffic(5).event("OPEN", "too-late@x.example",
        System.currentTimeMillis() - 20 * 60_000)));
    assertThat(sync(e).get("sent")).isEqualTo(0L);
  }

  @Test
  void aRestartedExportGoesOnFromItsCursorAndAnExpiredOffsetOnlyCostsAReRead() throws Exception {
    List<JsonObject> seeded = fake.portal().addEmailEvents(new EmailTraffic(5).events(2500,
        System.currentTimeMillis() - 2 * HOUR, System.currentTimeMillis() - 90 * 60_000));
    sink = SinkCapture.start(SinkCapture.Kind.AMPLITUDE, API_KEY);
    // the export gives up on a batch after 1 s; an unanswered request counts as such after 4 s
    ExportTuning smallPages = new ExportTuning(1_000, 5 * 60_000, 86_400_000L, 60_000, 86_400_000L, 400,
        new Backoff(10, 200), 20_000, new Backoff(10, 200), 1_000, 4_000, 50, 0);
    sink.holdRequest(3); // the third batch is taken and never answered
    EmailEventsExport first = export(settings(sink, ""), smallPages);
    Map<String, Object> failed = sync(first);
    assertThat(failed.get("success")).isEqualTo(false);
    assertThat(Json.encode(failed)).contains("SINK_UNAVAILABLE").contains("\"paging\":true");
    first.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    store.close();

    // the offset kept for the page in flight is no longer valid by the time the export runs again
    fake.script(ScriptedResponse.of("GET", "/email/public/v1/events", 1, 400, "{\"status\":\"error\",\"message\":"
        + "\"The offset is invalid or has expired.\",\"correlationId\":\"{{correlationId}}\",\"category\":\"VALIDATION_ERROR\"}"));
    store = open();
    Map<String, Object> resumed = sync(export(settings(sink, ""), smallPages));
    assertThat(resumed.get("success")).as(Json.encode(resumed)).isEqualTo(true);
    assertThat(resumed.get("offsetRestarts")).isEqualTo(1L);
    assertThat(((Number) resumed.get("duplicatesRemoved")).longValue()).as("pages already sent are read again")
        .isGreaterThanOrEqualTo(400);

    Map<String, JsonObject> expected = byExportId(seeded);
    List<JsonObject> ingested = sink.ingested();
    Map<String, Integer> times = new HashMap<>();
    ingested.forEach(ev -> times.merge(sink.idOf(ev), 1, Integer::sum));
    assertThat(times.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    Set<String> heldIds = new HashSet<>();
    sink.requests().stream().filter(r -> r.status() == 0).forEach(r -> r.json().getJsonArray("events")
        .forEach(ev -> heldIds.add(((JsonObject) ev).getString("insert_id"))));
    times.forEach((id, n) -> {
      if (n > 1) assertThat(heldIds).as("only the batch in flight goes twice").contains(id);
      assertThat(n).isLessThanOrEqualTo(2);
    });
  }

  @Test
  void aSinkUnavailableForAWhileAndHubSpotAnswering429And5xxLoseNothing() throws Exception {
    List<JsonObject> seeded = seed2500();
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, WRITE_KEY);
    sink.failNext(4, 503, null);
    fake.configure(c -> c.withSeed(7).withRate429(0.3).withErrorRate(0.2)
        .with(new JsonObject().put("retryAfter429Seconds", 0)));
    fake.script(ScriptedResponse.of("GET", "/email/public/v1/events", 3, 503, null));
    ExportTuning smallPages = new ExportTuning(1_000, 5 * 60_000, HOUR, 60_000, 86_400_000L, 250,
        new Backoff(10, 100), 30_000, new Backoff(20, 200), 30_000, 20_000, 50, 0);
    Map<String, Object> report = sync(export(settings(sink, ""), smallPages));

    assertThat(report.get("success")).as(Json.encode(report)).isEqualTo(true);
    exactlyOnce(sink, byExportId(seeded));
    assertThat(sink.requests()).anyMatch(r -> r.status() == 503);
    assertThat(fake.stats().tooManyRequests()).isPositive();
    Map<String, Object> counts = (Map<String, Object>) export.status().get("counts");
    assertThat((Long) counts.get("sinkErrors")).isPositive();
    assertThat((Long) counts.get("hubspotErrors")).isPositive();
    assertThat(metrics.scrape()).contains("email_events_sink_errors_total").contains("status=\"503\"");
  }

  @Test
  void amplitude429IsWaitedOutAndABatchWithInvalidEventsDropsOnlyThose() throws Exception {
    long now = System.currentTimeMillis();
    List<JsonObject> seeded = fake.portal().addEmailEvents(new EmailTraffic(8).events(40, now - 3 * HOUR, now - HOUR));
    JsonObject tooShort = fake.portal().addEmailEvents(List.of(new EmailTraffic(9).event("OPEN", "a@b", now - 2 * HOUR)))
        .get(0);
    sink = SinkCapture.start(SinkCapture.Kind.AMPLITUDE, API_KEY);
    sink.failNext(2, 429, null);
    Map<String, Object> report = sync(export(settings(sink, ""), FAST));

    assertThat(report.get("success")).as(Json.encode(report)).isEqualTo(true);
    // the capture refuses the whole request for one user_id shorter than 5, as Amplitude lists it
    assertThat(Json.encode(report.get("skipped"))).contains("\"SINK_REJECTED\":1");
    Map<String, JsonObject> expected = byExportId(seeded);
    assertThat(sink.ingested()).extracting(sink::idOf).containsExactlyInAnyOrderElementsOf(expected.keySet())
        .doesNotContain(new EventId(tooShort.getLong("created"), tooShort.getString("id")).exportId(PORTAL));
    assertThat(sink.requests().stream().filter(r -> r.status() == 429)).hasSize(2);
  }

  @Test
  void theSinkKeyIsNeverShownEvenWhenTheSinkQuotesIt() throws Exception {
    fake.portal().addEmailEvents(new EmailTraffic(10).events(20, System.currentTimeMillis() - 3 * HOUR,
        System.currentTimeMillis() - HOUR));
    sink = SinkCapture.start(SinkCapture.Kind.AMPLITUDE, "the-right-key");
    ExportSettings wrong = settings(sink, "wrong-secret-key-123", "");
    EmailEventsExport e = export(wrong, FAST);
    Map<String, Object> report = sync(e);

    assertThat(report.get("success")).isEqualTo(false);
    String shown = Json.encode(report) + Json.encode(e.status()) + metrics.scrape() + wrong;
    assertThat(Json.encode(report)).contains("SINK_REFUSED").contains("Invalid API key: ***");
    assertThat(shown).doesNotContain("wrong-secret-key-123");
    assertThat(sink.requests()).isNotEmpty();
    assertThat(sink.requests().get(0).body()).contains("wrong-secret-key-123"); // it was sent, only never shown
  }

  @Test
  void aTokenWithoutTheContentScopeOrOfAnotherPortalSendsNothingAndSaysWhy() throws Exception {
    fake.portal().addEmailEvents(new EmailTraffic(11).events(20, System.currentTimeMillis() - 3 * HOUR,
        System.currentTimeMillis() - HOUR));
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, WRITE_KEY);
    fake.denyScopes(FakeHubSpot.DEFAULT_TOKEN, io.hsdest.fake.ApiFamily.CONTENT);
    EmailEventsExport e = export(settings(sink, ""), FAST);
    Map<String, Object> denied = sync(e);
    assertThat(Json.encode(denied)).contains("HUBSPOT_REFUSED").contains("content scope");
    assertThat(sink.requests()).isEmpty();
    fake.grantAllScopes(FakeHubSpot.DEFAULT_TOKEN);
    e.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    ExportSettings s = settings(sink, "");
    Context context = vertx.getOrCreateContext();
    HttpHubSpotApi api = new HttpHubSpotApi(vertx, null, fake.baseUrl(), FakeHubSpot.DEFAULT_TOKEN, 10_000,
        new SimpleMeterRegistry());
    export = new EmailEventsExport("other", "999", s, vertx, context, api, new Calls(ApiVersions.DEFAULT), new io.hsdest.store.LocalKeyValueStore(store),
        new SimpleMeterRegistry(), FAST, Clock.systemUTC());
    Map<String, Object> mismatch = sync(export);
    assertThat(Json.encode(mismatch)).contains("PORTAL_MISMATCH").contains("portal 123456");
    assertThat(sink.requests()).isEmpty();
  }

  @Test
  void oneSelectedTypeIsFilteredByHubSpotAndSuppressionMeansSuppressed() throws Exception {
    long now = System.currentTimeMillis();
    List<JsonObject> seeded = fake.portal().addEmailEvents(new EmailTraffic(12).events(200, now - 3 * HOUR, now - HOUR));
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, WRITE_KEY);
    Map<String, Object> report = sync(export(settings(sink, ",\"eventTypes\":[\"SUPPRESSION\"]"), FAST));

    assertThat(report.get("success")).as(Json.encode(report)).isEqualTo(true);
    long suppressed = seeded.stream().filter(ev -> ev.getString("type").equals("SUPPRESSED")).count();
    assertThat(suppressed).isPositive();
    assertThat(sink.ingested()).hasSize((int) suppressed).allMatch(t -> t.getString("event").equals("Email Suppressed"));
    assertThat(fake.calls()).filteredOn(c -> c.path().equals("/email/public/v1/events"))
        .allMatch(c -> c.query().contains("eventType=SUPPRESSED"));
  }
}
