package io.hsdest.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.EmailTraffic;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.fake.PortalView;
import io.hsdest.testkit.ServerHarness;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The embedded default: a destination whose warehouse setting is nothing but {@code {"enabled": true}} writes the
 * DuckDB file {@code <dataDir>/hubspot-<id>.duckdb}. Also what HubSpot's 429s and 5xx, and an outage, do to a sync
 * (nothing missing, the previous state intact), and how the admin endpoint answers what it cannot do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarehouseDuckDbTest {
  static final long PAST = System.currentTimeMillis() - 86_400_000L;
  static FakeHubSpot fake;
  static ServerHarness server;
  static PortalView hubspot;
  static final Map<String, String> merged = new HashMap<>();

  @BeforeAll
  static void start() {
    System.setProperty("hsdest.warehouse.firstRunDelayMs", "3600000");
    System.setProperty("hsdest.warehouse.retryBaseMs", "20");
    System.setProperty("hsdest.skipWarmup", "true");
    fake = FakeHubSpot.start(null, 0);
    fake.configure(c -> c.withSearchPerSecond(20));
    hubspot = fake.portal();
    List<Map<String, String>> contacts = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      contacts.add(Map.of("email", "c" + i + "@example.com", "firstname", "C" + i, "seats", Integer.toString(i),
          "signup_date", "2025-05-0" + (1 + i % 9), "last_login", "2026-02-03T04:05:06.789Z", "is_vip", "true"));
    }
    List<String> contactIds = hubspot.createRecords("contacts", contacts, PAST);
    List<String> companyIds = hubspot.createRecords("companies",
        List.of(Map.of("name", "A"), Map.of("name", "B"), Map.of("name", "C")), PAST);
    List<String> dealIds = hubspot.createRecords("deals",
        List.of(Map.of("dealname", "D1", "amount", "10.25"), Map.of("dealname", "D2", "dealstage", "closedwon")), PAST);
    hubspot.associateAll("deals", "contacts", List.<String[]>of(new String[] {dealIds.get(0), contactIds.get(0)},
        new String[] {dealIds.get(0), contactIds.get(1)}), PAST);
    hubspot.associateAll("deals", "companies", List.<String[]>of(new String[] {dealIds.get(1), companyIds.get(2)}), PAST);
    hubspot.createList("Everyone early", "MANUAL", contactIds.subList(0, 300));
    hubspot.createCampaign(new JsonObject().put("name", "Launch").put("subject", "Hi").put("type", "BATCH_EMAIL")
        .put("contentId", 5).put("counters", new JsonObject().put("sent", 3)).put("lastUpdatedTime", PAST));
    hubspot.addEmailEvents(new EmailTraffic(3).events(120, PAST - 86_400_000L, PAST));
    server = ServerHarness.start(Map.of(), """
        {"destinations":[
          {"id":"default","writeKeys":["wk-1"],"settings":{"accessToken":"pat-na1-TEST","portalId":"123456",
             "searchRequestsPerSecond":20,"warehouse":{"enabled":true}}},
          {"id":"dry","writeKeys":["wk-2"],"settings":{"portalId":"123456","warehouse":{"enabled":true}}},
          {"id":"plain","writeKeys":["wk-3"],"settings":{"accessToken":"pat-na1-OTHER","portalId":"123456"}}],
         "server":{"hubspotBaseUrl":"%s"}}""".formatted(fake.baseUrl()));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (fake != null) fake.close();
  }

  static HttpResponse<String> sync(String destination) {
    return server.send(HttpRequest.newBuilder(URI.create(server.url("/v1/admin/warehouse/sync"
            + (destination == null ? "" : "?destination=" + destination))))
        .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  static Path file() {
    return server.dataDir().resolve("hubspot-default.duckdb");
  }

  /** Opens the file between runs (the sync closes its connection after each run). */
  static void check(boolean everything) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file())) {
      TablesMatchHubSpot t = new TablesMatchHubSpot(c, "hubspot", hubspot);
      t.crmObjects("contacts", merged);
      t.crmObjects("companies", Map.of());
      t.crmObjects("deals", Map.of());
      if (everything) {
        t.lists();
        t.campaigns();
        t.emailEvents();
      }
    }
  }

  @Test
  @Order(1)
  void enabledAloneWritesTheEmbeddedDuckDbFileInTheDataDirectory() throws Exception {
    HttpResponse<String> r = sync("default");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Files.exists(file())).isTrue();
    check(true);
    JsonObject status = new JsonObject(server.get("/status").body()).getJsonArray("destinations").getJsonObject(0)
        .getJsonObject("warehouse");
    assertThat(status.getString("target")).isEqualTo("jdbc:duckdb:" + file().toAbsolutePath().normalize()
        + " (schema hubspot)");
    assertThat(status.getInteger("intervalMinutes")).isEqualTo(180);
    assertThat(status.getJsonObject("lastRun").getBoolean("success")).isTrue();
  }

  @Test
  @Order(2)
  void hubSpotRateLimitsAndServerErrorsDuringASyncLoseNothing() throws Exception {
    List<String> ids = hubspot.records("contacts").stream().map(o -> o.id()).toList();
    Map<String, Map<String, String>> changes = new LinkedHashMap<>();
    for (int i = 0; i < 250; i++) changes.put(ids.get(i), Map.of("firstname", "Again " + i, "seats", "7"));
    hubspot.updateRecords("contacts", changes);
    hubspot.archive("contacts", ids.get(400));
    hubspot.merge("contacts", ids.get(401), ids.get(402));
    merged.put(ids.get(402), ids.get(401));
    fake.configure(c -> c.withErrorRate(0.2).withRate429(0.15));
    try {
      HttpResponse<String> r = sync("default");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(fake.stats().serverErrors() + fake.tooManyRequestsSent()).isPositive();
    } finally {
      fake.configure(c -> c.withErrorRate(0).withRate429(0));
    }
    check(true);
  }

  @Test
  @Order(3)
  void duringAnOutageTheSyncAnswers503AndTheTablesStayAsTheyWereUntilTheNextRun() throws Exception {
    String id = hubspot.records("contacts").get(0).id();
    hubspot.update("contacts", id, Map.of("firstname", "After the outage"));
    fake.configure(c -> c.withOutage(true));
    try {
      HttpResponse<String> r = sync("default");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      JsonObject body = new JsonObject(r.body());
      assertThat(body.getBoolean("success")).isFalse();
      assertThat(body.getJsonObject("error").getString("code")).isEqualTo("WAREHOUSE_SYNC_FAILED");
      assertThat(body.getJsonObject("tables").getJsonObject("contacts").getString("status")).isEqualTo("failed");
    } finally {
      fake.configure(c -> c.withOutage(false));
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file())) {
      Map<String, Object> row = new TablesMatchHubSpot(c, "hubspot", hubspot).rows("contacts").get(id);
      assertThat(row.get("firstname")).as("the failed run changed nothing").isNotEqualTo("After the outage");
    }
    assertThat(sync("default").statusCode()).isEqualTo(200);
    check(true);
  }

  @Test
  @Order(4)
  void aSyncAskedForWhileOneRunsJoinsItInsteadOfStartingASecond() throws Exception {
    fake.configure(c -> c.withLatency(200, 0)); // a run of a few seconds
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/v1/admin/warehouse/sync?destination=default")))
          .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.noBody()).build();
      var first = server.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      var second = server.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      JsonObject a = new JsonObject(first.get().body());
      JsonObject b = new JsonObject(second.get().body());
      assertThat(a.getBoolean("success")).isTrue();
      assertThat(b.getString("startedAt")).as("the same run").isEqualTo(a.getString("startedAt"));
    } finally {
      fake.configure(c -> c.withLatency(0, 0));
    }
  }

  @Test
  @Order(5)
  void theAdminEndpointSaysWhatItCannotDo() {
    assertThat(sync("nope").statusCode()).isEqualTo(404);
    HttpResponse<String> dry = sync("dry");
    assertThat(dry.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(dry.body()).getJsonObject("error").getString("code")).isEqualTo("DRY_RUN");
    HttpResponse<String> plain = sync("plain");
    assertThat(plain.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(plain.body()).getJsonObject("error").getString("code")).isEqualTo("WAREHOUSE_DISABLED");
    HttpResponse<String> none = sync(null);
    assertThat(none.statusCode()).isEqualTo(400);
    JsonObject status = new JsonObject(server.get("/status").body());
    assertThat(status.getJsonArray("destinations").getJsonObject(2).getJsonObject("warehouse").getBoolean("enabled"))
        .isFalse();
  }
}
