package io.hsdest.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.EmailTraffic;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.fake.PortalView;
import io.hsdest.testkit.PostgresServer;
import io.hsdest.testkit.ServerHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
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
 * The warehouse sync into a real PostgreSQL server, end to end: the server started from a config file, HubSpot's
 * fake seeded with a portal's worth of records (in the past), the sync asked for over the admin endpoint. The full
 * copy holds every record of every collection with HubSpot's values; after 50 updates, 30 creations, 10 archivals,
 * 2 merges and a new property, an incremental run reflects them all with under a quarter of the full copy's calls.
 * 12,000 contacts pass HubSpot's 10,000-result search cap on the first run and on an incremental run, none missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarehousePostgresTest {
  static final String PASSWORD = "pg-Secret-4ebc1";
  static final String ADMIN = "admin-token-for-tests";
  static final long PAST = System.currentTimeMillis() - 2 * 86_400_000L;

  static PostgresServer postgres;
  static FakeHubSpot fake;
  static ServerHarness server;
  static PortalView hubspot;
  static long firstSyncCalls;
  static final Map<String, String> mergedContacts = new HashMap<>();
  static final Map<String, String> mergedCompanies = new HashMap<>();

  @BeforeAll
  static void start() {
    System.setProperty("hsdest.warehouse.firstRunDelayMs", "3600000");
    System.setProperty("hsdest.warehouse.retryBaseMs", "20");
    System.setProperty("hsdest.skipWarmup", "true");
    postgres = PostgresServer.start(PASSWORD);
    fake = FakeHubSpot.start(null, 0);
    fake.configure(c -> c.withSearchPerSecond(20));
    hubspot = fake.portal();
    seed();
    server = ServerHarness.start(Map.of("ADMIN_TOKEN", ADMIN), """
        {"destinations":[{"id":"acme","writeKeys":["wk-acme"],"settings":{
          "accessToken":"pat-na1-TEST","portalId":"123456","requestsPer10Seconds":1000,"searchRequestsPerSecond":20,
          "warehouse":{"enabled":true,"jdbcUrl":"%s","user":"postgres","password":"%s","schema":"hubspot"}}}],
         "server":{"hubspotBaseUrl":"%s"}}""".formatted(postgres.jdbcUrl(), PASSWORD, fake.baseUrl()));
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (fake != null) fake.close();
    if (postgres != null) postgres.close();
  }

  /** 12,000 contacts (past HubSpot's 10,000-result search cap), 400 companies, 600 deals with associations, 5 lists, 30 campaigns, 3,000 email events. */
  static void seed() {
    String[] tiers = {"free", "pro", "enterprise"};
    List<Map<String, String>> contacts = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("email", "person" + i + "@example.com");
      p.put("firstname", "First" + i);
      if (i % 7 != 0) p.put("lastname", "Last" + i);
      p.put("seats", Integer.toString(i % 50));
      p.put("plan_tier", tiers[i % 3]);
      if (i % 4 == 0) p.put("interests", "golf;chess");
      if (i % 5 == 0) p.put("signup_date", "2025-0" + (1 + i % 9) + "-1" + (i % 10));
      if (i % 3 == 0) p.put("last_login", "2026-01-02T03:04:05.678Z");
      p.put("is_vip", Boolean.toString(i % 11 == 0));
      contacts.add(p);
    }
    List<String> contactIds = hubspot.createRecords("contacts", contacts, PAST);
    List<Map<String, String>> companies = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      companies.add(Map.of("name", "Company " + i, "domain", "company" + i + ".example", "numberofemployees",
          Integer.toString(10 + i), "industry", i % 2 == 0 ? "INTERNET" : "RETAIL"));
    }
    List<String> companyIds = hubspot.createRecords("companies", companies, PAST);
    List<Map<String, String>> deals = new ArrayList<>();
    String[] stages = {"appointmentscheduled", "qualifiedtobuy", "contractsent", "closedwon", "closedlost"};
    for (int i = 0; i < 600; i++) {
      deals.add(Map.of("dealname", "Deal " + i, "amount", (1000 + i) + "." + (i % 100), "pipeline", "default",
          "dealstage", stages[i % stages.length], "closedate", "2026-0" + (1 + i % 9) + "-15T12:00:00.000Z"));
    }
    List<String> dealIds = hubspot.createRecords("deals", deals, PAST);
    List<String[]> dealContacts = new ArrayList<>();
    List<String[]> dealCompanies = new ArrayList<>();
    for (int i = 0; i < dealIds.size(); i++) {
      dealContacts.add(new String[] {dealIds.get(i), contactIds.get(i)});
      if (i % 3 == 0) dealContacts.add(new String[] {dealIds.get(i), contactIds.get(5_000 + i)});
      if (i % 5 != 4) dealCompanies.add(new String[] {dealIds.get(i), companyIds.get(i % companyIds.size())});
    }
    hubspot.associateAll("deals", "contacts", dealContacts, PAST);
    hubspot.associateAll("deals", "companies", dealCompanies, PAST);
    for (int l = 0; l < 5; l++) {
      List<String> members = new ArrayList<>();
      for (int i = l; i < 1_000; i += 5) members.add(contactIds.get(i));
      hubspot.createList("List " + l, l == 4 ? "DYNAMIC" : "MANUAL", members);
    }
    for (int i = 0; i < 30; i++) {
      hubspot.createCampaign(new JsonObject().put("name", "Campaign " + i).put("subject", "Subject " + i)
          .put("type", "BATCH_EMAIL").put("contentId", 7_000 + i)
          .put("counters", new JsonObject().put("sent", 100 + i).put("open", 10 + i)).put("lastUpdatedTime", PAST));
    }
    hubspot.addEmailEvents(new EmailTraffic(7).events(3_000, PAST - 30 * 86_400_000L, PAST));
  }

  static HttpResponse<String> sync() {
    return server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            server.url("/v1/admin/warehouse/sync?destination=acme")))
        .timeout(java.time.Duration.ofMinutes(5)).header("Authorization", "Bearer " + ADMIN)
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
  }

  TablesMatchHubSpot tables(Connection c) {
    return new TablesMatchHubSpot(c, "hubspot", hubspot);
  }

  @Test
  @Order(1)
  void theFirstSyncCopiesEveryRecordOfEveryCollectionWithHubSpotsValues() throws Exception {
    long before = fake.stats().total();
    long started = System.nanoTime();
    HttpResponse<String> r = sync();
    firstSyncCalls = fake.stats().total() - before;
    System.out.printf("first sync: %d HubSpot calls, %d ms: %s%n", firstSyncCalls,
        (System.nanoTime() - started) / 1_000_000, r.body());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject report = new JsonObject(r.body());
    assertThat(report.getBoolean("success")).isTrue();
    JsonObject rows = report.getJsonObject("rowsWritten");
    assertThat(rows.getLong("contacts")).isEqualTo(12_000L);
    assertThat(rows.getLong("companies")).isEqualTo(400L);
    assertThat(rows.getLong("deals")).isEqualTo(600L);
    assertThat(rows.getLong("email_events")).isEqualTo(3_000L);
    assertThat(report.getJsonObject("tables").getJsonObject("contacts").getString("mode")).isEqualTo("full");
    try (Connection c = postgres.connect()) {
      TablesMatchHubSpot t = tables(c);
      t.crmObjects("contacts", Map.of());
      t.crmObjects("companies", Map.of());
      t.crmObjects("deals", Map.of());
      t.lists();
      t.campaigns();
      t.emailEvents();
    }
  }

  @Test
  @Order(2)
  void anIncrementalSyncReflectsUpdatesCreationsArchivalsMergesAndANewPropertyWithAQuarterOfTheCalls()
      throws Exception {
    List<String> contactIds = hubspot.records("contacts").stream().map(o -> o.id()).toList();
    List<String> companyIds = hubspot.records("companies").stream().map(o -> o.id()).toList();
    List<String> dealIds = hubspot.records("deals").stream().map(o -> o.id()).toList();
    hubspot.createProperty("contacts", "loyalty_tier", "string", "text", false);
    // 50 updates (one of them sets the new property)
    Map<String, Map<String, String>> contactChanges = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      contactChanges.put(contactIds.get(100 + i * 37), Map.of("firstname", "Changed" + i, "seats", "99",
          "loyalty_tier", "gold", "lastname", ""));
    }
    hubspot.updateRecords("contacts", contactChanges);
    Map<String, Map<String, String>> companyChanges = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) companyChanges.put(companyIds.get(i * 13), Map.of("name", "Renamed " + i));
    hubspot.updateRecords("companies", companyChanges);
    Map<String, Map<String, String>> dealChanges = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) dealChanges.put(dealIds.get(i * 17), Map.of("dealstage", "closedwon", "amount", "0.5"));
    hubspot.updateRecords("deals", dealChanges);
    // 30 creations
    List<Map<String, String>> newContacts = new ArrayList<>();
    for (int i = 0; i < 20; i++) newContacts.add(Map.of("email", "new" + i + "@example.com", "loyalty_tier", "silver"));
    List<String> created = hubspot.createRecords("contacts", newContacts);
    for (int i = 0; i < 10; i++) {
      String deal = hubspot.createDeal(Map.of("dealname", "New deal " + i, "amount", "12.34")).id();
      hubspot.associate("deals", deal, "contacts", created.get(i));
    }
    // 10 archivals
    for (int i = 0; i < 5; i++) hubspot.archive("contacts", contactIds.get(9_000 + i));
    hubspot.archive("contacts", contactIds.get(3)); // a list member with a deal
    for (int i = 0; i < 2; i++) hubspot.archive("companies", companyIds.get(300 + i));
    for (int i = 0; i < 2; i++) hubspot.archive("deals", dealIds.get(500 + i));
    // 2 merges
    hubspot.merge("contacts", contactIds.get(10), contactIds.get(11));
    mergedContacts.put(contactIds.get(11), contactIds.get(10));
    hubspot.merge("companies", companyIds.get(20), companyIds.get(21));
    mergedCompanies.put(companyIds.get(21), companyIds.get(20));
    hubspot.updateCampaign(hubspot.campaigns().get(0).getLong("id").toString(), new JsonObject().put("subject", "New subject"));

    long before = fake.stats().total();
    long started = System.nanoTime();
    HttpResponse<String> r = sync();
    long calls = fake.stats().total() - before;
    System.out.printf("incremental sync: %d HubSpot calls, %d ms: %s%n", calls, (System.nanoTime() - started) / 1_000_000,
        r.body());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject report = new JsonObject(r.body());
    assertThat(report.getJsonObject("tables").getJsonObject("contacts").getString("mode")).isEqualTo("incremental");
    assertThat(calls).as("incremental calls %d vs first sync %d", calls, firstSyncCalls)
        .isLessThan(firstSyncCalls / 4);
    try (Connection c = postgres.connect()) {
      TablesMatchHubSpot t = tables(c);
      t.crmObjects("contacts", mergedContacts);
      t.crmObjects("companies", mergedCompanies);
      t.crmObjects("deals", Map.of());
      t.lists();
      t.campaigns();
      t.emailEvents();
      Map<String, Object> changed = t.rows("contacts").get(contactIds.get(100));
      assertThat(changed.get("loyalty_tier")).isEqualTo("gold");
      assertThat(changed.get("firstname")).isEqualTo("Changed0");
      assertThat(changed.get("lastname")).as("a cleared value is cleared").isNull();
    }
  }

  @Test
  @Order(3)
  void twelveThousandChangedContactsPassTheSearchCapOnAnIncrementalSync() throws Exception {
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    for (var c : hubspot.records("contacts")) all.put(c.id(), Map.of("firstname", "Bulk " + c.id()));
    assertThat(all.size()).isGreaterThan(12_000);
    hubspot.updateRecords("contacts", all);
    long searches = fake.stats().count("POST /crm/v3/objects/contacts/search");
    HttpResponse<String> r = sync();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getJsonObject("tables").getJsonObject("contacts").getString("mode"))
        .isEqualTo("incremental");
    assertThat(fake.stats().count("POST /crm/v3/objects/contacts/search") - searches).isGreaterThan(50);
    assertThat(fake.stats().count("POST /crm/v3/objects/contacts/search", 400)).as("never paged past the cap").isZero();
    try (Connection c = postgres.connect()) {
      TablesMatchHubSpot t = tables(c);
      t.crmObjects("contacts", mergedContacts);
      long bulk = t.rows("contacts").values().stream()
          .filter(row -> ("Bulk " + row.get("id")).equals(row.get("firstname"))).count();
      assertThat(bulk).isEqualTo(all.size());
    }
  }

  @Test
  @Order(4)
  void theDatabasePasswordIsNeverShown() {
    HttpResponse<String> status = server.get("/status", "Authorization", "Bearer " + ADMIN);
    assertThat(status.statusCode()).isEqualTo(200);
    JsonObject warehouse = new JsonObject(status.body()).getJsonArray("destinations").getJsonObject(0)
        .getJsonObject("warehouse");
    assertThat(warehouse.getString("target")).startsWith("jdbc:postgresql://127.0.0.1:").contains("schema hubspot");
    assertThat(warehouse.getJsonObject("lastRunPerCollection").getJsonObject("contacts").getString("status"))
        .isEqualTo("ok");
    assertThat(status.body()).doesNotContain(PASSWORD);
    assertThat(server.get("/metrics").body()).doesNotContain(PASSWORD).contains("warehouse_rows_written_total");
    assertThat(sync().body()).doesNotContain(PASSWORD);
  }
}
