package io.hsdest;

import static io.hsdest.testkit.Json.tree;
import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.CallRecord;
import io.hsdest.fake.CrmObject;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.ServerHarness;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptance runs of issues 4, 5 and 6: the real server, clients sending concurrent batches,
 * and the stateful HubSpot fake, whose end state is checked.
 */
class EndToEndTest {
  private FakeHubSpot fake;
  private ServerHarness server;

  @BeforeEach
  void start() {
    fake = FakeHubSpot.start(null, 0);
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl(), "HUBSPOT_ACCESS_TOKEN", FakeHubSpot.DEFAULT_TOKEN,
        "HUBSPOT_PORTAL_ID", "123456", "WRITE_KEYS", "wk"));
  }

  @AfterEach
  void stop() {
    server.close();
    fake.close();
  }

  private HttpResponse<String> batch(List<String> messages) {
    return server.post("/v1/batch", "{\"batch\":[" + String.join(",", messages) + "]}", "Authorization", basic("wk"));
  }

  /**
   * Sends the requests concurrently, resending any that is answered 429/503 as a Segment client would. The bodies are
   * built and the threads started first, and all send at once: what is concurrent is the server's to see, not the
   * spread of this test's own thread starts.
   */
  private List<HttpResponse<String>> concurrently(List<List<String>> requests) {
    List<String> bodies = requests.stream().map(r -> "{\"batch\":[" + String.join(",", r) + "]}").toList();
    CyclicBarrier together = new CyclicBarrier(bodies.size());
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    ExecutorService senders = Executors.newFixedThreadPool(bodies.size());
    try {
      for (String body : bodies) {
        all.add(CompletableFuture.supplyAsync(() -> {
          await(together);
          for (int attempt = 0; ; attempt++) {
            HttpResponse<String> resp = server.post("/v1/batch", body, "Authorization", basic("wk"));
            if (resp.statusCode() != 429 && resp.statusCode() != 503 || attempt == 5) return resp;
            sleep(1000L * resp.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L));
          }
        }, senders));
      }
      return all.stream().map(CompletableFuture::join).toList();
    } finally {
      senders.shutdown();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long calls(String method, String pathPart) {
    return fake.calls().stream().filter(c -> c.method().equals(method) && c.path().contains(pathPart)).count();
  }

  @Test
  void issue4_thousandIdentifiesForThreeHundredUsersEndAsThreeHundredContactsWithTheLatestValues() {
    Random random = new Random(4);
    String[] plans = {"free", "pro", "enterprise"};
    Map<String, Map<String, String>> latest = new HashMap<>();
    Map<String, Map<String, Long>> latestAt = new HashMap<>();
    List<String> messages = new ArrayList<>();
    Instant base = Instant.parse("2024-05-01T10:00:00Z");
    for (int i = 0; i < 1000; i++) {
      int user = i < 300 ? i : random.nextInt(300);
      String email = "user" + user + "@example.com";
      String sent = random.nextBoolean() ? email.toUpperCase(Locale.ROOT) : " " + email;
      long at = base.toEpochMilli() + random.nextInt(3_600_000);
      String first = "First" + i;
      String plan = plans[random.nextInt(3)];
      String seats = Integer.toString(random.nextInt(500));
      messages.add(String.format("{\"type\":\"identify\",\"messageId\":\"id-%d\",\"userId\":\"u%d\",\"timestamp\":\"%s\","
          + "\"traits\":{\"email\":\"%s\",\"firstName\":\"%s\",\"plan_tier\":\"%s\",\"seats\":%s}}",
          i, user, Instant.ofEpochMilli(at), sent, first, plan, seats));
      Map<String, Long> when = latestAt.computeIfAbsent(email, k -> new HashMap<>());
      Map<String, String> values = latest.computeIfAbsent(email, k -> new HashMap<>());
      for (var e : Map.of("firstname", first, "plan_tier", plan, "seats", seats).entrySet()) {
        if (when.getOrDefault(e.getKey(), Long.MIN_VALUE) <= at) {
          when.put(e.getKey(), at);
          values.put(e.getKey(), e.getValue());
        }
      }
    }
    // a first round about other people, so that what is measured is the steady state, not a cold JVM, and the
    // clients' connections are open, as they are for a client that keeps sending
    List<List<String>> warmUp = new ArrayList<>();
    for (int r = 0; r < 10; r++) {
      List<String> part = new ArrayList<>();
      for (int i = r * 10; i < r * 10 + 10; i++) part.add("{\"type\":\"identify\",\"messageId\":\"warm-" + i + "\",\"traits\":{\"email\":\"warm" + i + "@example.org\"}}");
      warmUp.add(part);
    }
    for (HttpResponse<String> resp : concurrently(warmUp)) assertThat(resp.statusCode()).isEqualTo(200);
    long before = calls("POST", "/crm/v3/objects/contacts/batch/");

    List<List<String>> requests = new ArrayList<>();
    for (int r = 0; r < 10; r++) requests.add(messages.subList(r * 100, r * 100 + 100));
    for (HttpResponse<String> resp : concurrently(requests)) assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);

    List<CrmObject> contacts = fake.portal().contacts().stream().filter(c -> c.property("email").endsWith("@example.com")).toList();
    assertThat(contacts).hasSize(300);
    for (CrmObject c : contacts) {
      Map<String, String> want = latest.get(c.property("email"));
      assertThat(want).as(c.property("email")).isNotNull();
      for (var e : want.entrySet()) assertThat(c.property(e.getKey())).as(c.property("email") + " " + e.getKey()).isEqualTo(e.getValue());
    }
    long writes = calls("POST", "/crm/v3/objects/contacts/batch/") - before;
    assertThat(writes).as("contact write calls for 1,000 identifies of 300 users").isLessThanOrEqualTo(5);
  }

  @Test
  void issue5_resendingTheSameRequestThreeTimesMakesOneOccurrencePerMessage() {
    List<String> tracks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tracks.add(String.format("{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"order-%d\",\"timestamp\":\"2024-05-01T10:00:%02dZ\","
          + "\"properties\":{\"email\":\"buyer%d@x.com\",\"order_id\":\"O-%d\",\"amount\":%d.5}}", i, i, i % 5, i, i));
    }
    for (int k = 0; k < 3; k++) assertThat(batch(tracks).statusCode()).isEqualTo(200);
    assertThat(fake.portal().eventOccurrences("pe123456_order_completed")).hasSize(20);
  }

  @Test
  void issue5_twelveHundredTracksInTwelveConcurrentRequestsCostAtMostFourEventCalls() {
    List<List<String>> requests = new ArrayList<>();
    for (int r = 0; r < 12; r++) {
      List<String> req = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = r * 100 + i;
        req.add(String.format("{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"su-%d\",\"properties\":{\"email\":\"p%d@x.com\",\"plan\":\"pro\"}}", n, n % 400));
      }
      requests.add(req);
    }
    for (HttpResponse<String> resp : concurrently(requests)) assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(fake.portal().eventOccurrences("pe123456_signed_up")).hasSize(1200);
    assertThat(calls("POST", "/events/v3/send")).isLessThanOrEqualTo(4);
  }

  @Test
  void issue6_groupsBeforeIdentifiesEndWithFortyCompaniesAndAHundredAssociations() {
    List<String> groups = new ArrayList<>();
    for (int u = 0; u < 100; u++) {
      int c = u % 40;
      groups.add(String.format("{\"type\":\"group\",\"messageId\":\"g-%d\",\"userId\":\"user-%d\",\"groupId\":\"acct-%d\","
          + "\"traits\":{\"name\":\"Company %d\",\"website\":\"https://www.company%d.example/home\",\"employees\":%d}}", u, u, c, c, c, 10 + c));
    }
    List<HttpResponse<String>> answers = concurrently(List.of(groups.subList(0, 50), groups.subList(50, 100)));
    for (HttpResponse<String> resp : answers) {
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      for (JsonNode r : tree(resp.body()).path("results")) {
        assertThat(r.path("warnings").toString()).contains("ASSOCIATION_PENDING");
      }
    }
    assertThat(fake.portal().companies()).hasSize(40);
    assertThat(fake.portal().associations()).isEmpty();

    List<String> identifies = new ArrayList<>();
    for (int u = 0; u < 100; u++) {
      identifies.add(String.format("{\"type\":\"identify\",\"messageId\":\"i-%d\",\"userId\":\"user-%d\",\"traits\":{\"email\":\"user%d@example.com\"}}", u, u, u));
    }
    assertThat(batch(identifies).statusCode()).isEqualTo(200);
    awaitAssociations(100);

    Set<String> groupIds = fake.portal().companies().stream().map(c -> c.property("segment_group_id")).collect(Collectors.toSet());
    assertThat(groupIds).hasSize(40);
    assertThat(fake.portal().companies().stream().map(c -> c.property("domain")).collect(Collectors.toSet())).hasSize(40);
    Set<String> pairs = new HashSet<>();
    for (var a : fake.portal().associations()) if (a.fromType().startsWith("contact")) pairs.add(a.fromId() + ">" + a.toId());
    assertThat(pairs).hasSize(100);
    var status = server.server.destinations().get(0).status().toCompletionStage().toCompletableFuture().join();
    assertThat(status.get("pendingAssociations")).as("kept promises leave the store").isEqualTo(0L);
    long companyAndAssociationCalls = fake.calls().stream().filter(c -> c.method().equals("POST")
        && (c.path().startsWith("/crm/v3/objects/companies/batch") || c.path().startsWith("/crm/v4/associations"))).count();
    assertThat(companyAndAssociationCalls).as(describe(fake.calls())).isLessThanOrEqualTo(8);
  }

  @Test
  void issue6_oneUserInTwoCompaniesAndManyUsersInOneCompany() {
    batch(List.of("{\"type\":\"identify\",\"messageId\":\"i1\",\"userId\":\"a\",\"traits\":{\"email\":\"a@x.com\"}}",
        "{\"type\":\"identify\",\"messageId\":\"i2\",\"userId\":\"b\",\"traits\":{\"email\":\"b@x.com\"}}"));
    var r = batch(List.of(
        "{\"type\":\"group\",\"messageId\":\"g1\",\"userId\":\"a\",\"groupId\":\"c1\",\"traits\":{\"name\":\"One\"}}",
        "{\"type\":\"group\",\"messageId\":\"g2\",\"userId\":\"a\",\"groupId\":\"c2\",\"traits\":{\"name\":\"Two\"}}",
        "{\"type\":\"group\",\"messageId\":\"g3\",\"userId\":\"b\",\"groupId\":\"c1\",\"traits\":{\"name\":\"One\"}}"));
    assertThat(r.statusCode()).isEqualTo(200);
    String a = fake.portal().contactBy("email", "a@x.com").orElseThrow().id();
    String b = fake.portal().contactBy("email", "b@x.com").orElseThrow().id();
    String c1 = fake.portal().companyBy("segment_group_id", "c1").orElseThrow().id();
    String c2 = fake.portal().companyBy("segment_group_id", "c2").orElseThrow().id();
    assertThat(fake.portal().associatedIds("contacts", a, "companies")).containsExactlyInAnyOrder(c1, c2);
    assertThat(fake.portal().associatedIds("contacts", b, "companies")).containsExactly(c1);
    assertThat(fake.portal().companies()).hasSize(2);
  }

  @Test
  void issue6_anExistingCompanyWithTheDomainIsAdoptedNotDuplicated() {
    fake.portal().createCompany(Map.of("name", "Acme (imported)", "domain", "acme.io"));
    var r = batch(List.of("{\"type\":\"group\",\"messageId\":\"g1\",\"groupId\":\"acme-1\",\"traits\":{\"name\":\"Acme\",\"website\":\"http://www.acme.io\"}}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(fake.portal().companies()).hasSize(1);
    assertThat(fake.portal().companies().get(0).property("segment_group_id")).isEqualTo("acme-1");
    assertThat(fake.portal().companies().get(0).property("name")).isEqualTo("Acme");
  }

  @Test
  void issue6_severalCompaniesWithTheDomainAdoptTheOldestWithAWarning() {
    var oldest = fake.portal().createCompany(Map.of("name", "Old", "domain", "twin.io"));
    fake.portal().createCompany(Map.of("name", "New", "domain", "twin.io"));
    var r = batch(List.of("{\"type\":\"group\",\"messageId\":\"g1\",\"groupId\":\"twin\",\"traits\":{\"website\":\"twin.io\"}}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(tree(r.body()).path("results").get(0).path("warnings").toString()).contains("COMPANY_DOMAIN_AMBIGUOUS");
    assertThat(fake.portal().companyBy("segment_group_id", "twin").orElseThrow().id()).isEqualTo(oldest.id());
    assertThat(fake.portal().companies()).hasSize(2);
  }

  @Test
  void issue6_aGroupAlreadyKeyedInHubSpotIsUpdatedNotAdoptedAgain() {
    var keyed = fake.portal().createCompany(Map.of("name", "Keyed", "domain", "dup.io", "segment_group_id", "Acct-7"));
    fake.portal().createCompany(Map.of("name", "Unkeyed twin", "domain", "dup.io"));
    var r = batch(List.of("{\"type\":\"group\",\"messageId\":\"g1\",\"groupId\":\"Acct-7\",\"traits\":{\"name\":\"Keyed Inc\",\"website\":\"dup.io\"}}"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(tree(r.body()).path("results").get(0).path("warnings").toString()).doesNotContain("COMPANY_DOMAIN_AMBIGUOUS");
    assertThat(fake.portal().company(keyed.id()).orElseThrow().property("name")).isEqualTo("Keyed Inc");
    assertThat(fake.portal().companies()).hasSize(2);
    assertThat(calls("POST", "/crm/v3/objects/companies/search")).isEqualTo(1);
    assertThat(calls("POST", "/crm/v3/objects/companies/batch/read")).as("one search answers both questions").isZero();
  }

  /**
   * Issue 3: clients that wait for their answer before sending again (every Segment library) send
   * in rounds, and requests that arrive together share one call per endpoint in each round. Here the
   * senders start in step and their requests have the same shape, so this holds even without the
   * batch hold; {@code BatchHoldTest} covers the hold itself, and the benchmark's standard run
   * (senders that drift apart) measures what it gains.
   */
  @Test
  void issue3_sendersWaitingForTheirAnswersShareOneCallPerEndpointEachRound() throws Exception {
    List<String> warmUp = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      warmUp.add("{\"type\":\"identify\",\"messageId\":\"w-" + i + "\",\"userId\":\"known-" + i + "\",\"traits\":{\"email\":\"known" + i + "@x.com\"}}");
      warmUp.add("{\"type\":\"track\",\"messageId\":\"wt-" + i + "\",\"userId\":\"known-" + i + "\",\"event\":\"Warmed\"}");
    }
    for (int k = 0; k < 3; k++) assertThat(batch(warmUp).statusCode()).isEqualTo(200);
    long postsBefore = calls("POST", "/");

    int senders = 4;
    int rounds = 3;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(senders);
    List<CompletableFuture<List<Integer>>> all = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      all.add(CompletableFuture.supplyAsync(() -> {
        List<Integer> statuses = new ArrayList<>();
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        for (int round = 0; round < rounds; round++) {
          List<String> req = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            String user = "new-" + sender + "-" + round + "-" + i;
            req.add("{\"type\":\"identify\",\"messageId\":\"i-" + user + "\",\"userId\":\"" + user + "\",\"traits\":{\"email\":\"" + user + "@x.com\"}}");
            // by userId only: the event needs the contact just written
            req.add("{\"type\":\"track\",\"messageId\":\"t-" + user + "\",\"userId\":\"" + user + "\",\"event\":\"Signed Up\"}");
            req.add("{\"type\":\"track\",\"messageId\":\"k-" + user + "\",\"userId\":\"known-" + i + "\",\"event\":\"Visited\"}");
            // a new company: searched for by domain, written, then associated
            String company = "co-" + sender + "-" + round + "-" + (i % 3);
            req.add("{\"type\":\"group\",\"messageId\":\"g-" + user + "\",\"userId\":\"" + user + "\",\"groupId\":\"" + company
                + "\",\"traits\":{\"name\":\"" + company + "\",\"website\":\"https://" + company + ".example\"}}");
          }
          statuses.add(batch(req).statusCode());
        }
        return statuses;
      }));
    }
    for (var f : all) assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).containsOnly(200);
    assertThat(fake.portal().eventOccurrences("pe123456_signed_up")).hasSize(senders * rounds * 10);
    assertThat(fake.portal().companies()).hasSize(senders * rounds * 3);
    // contacts, events, company search, companies, associations: five calls a round, and one round's
    // worth more should a round's requests straddle a batch delay
    long posts = calls("POST", "/") - postsBefore;
    assertThat(posts).as(describe(fake.calls())).isLessThanOrEqualTo(5L * (rounds + 1));
  }

  private void awaitAssociations(int expected) {
    long until = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < until && fake.portal().associations().stream()
        .filter(a -> a.fromType().startsWith("contact")).count() < expected) {
      sleep(50);
    }
  }

  private static String describe(List<CallRecord> calls) {
    return calls.stream().map(c -> c.method() + " " + c.path() + " " + c.status()).collect(Collectors.joining("\n"));
  }

  /** The same server, keyed by userId: contacts are upserted by {@code segment_user_id}. */
  private void restartWithUserIdProperty() {
    server.close();
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()), """
        {"destinations":[{"id":"default","writeKeys":["wk"],"settings":{"accessToken":"pat-na1-TEST","portalId":"123456",
          "userIdProperty":"segment_user_id"}}]}""");
  }

  @Test
  void issue4_aContactMadeByAFormIsClaimedByTheUserIdNotDuplicated() {
    restartWithUserIdProperty();
    var formFill = fake.portal().createContact(Map.of("email", "form@x.com", "firstname", "From a form"));
    assertThat(batch(List.of("{\"type\":\"identify\",\"messageId\":\"c1\",\"userId\":\"u-form\",\"traits\":{\"email\":\"Form@X.com\",\"lastName\":\"L\"}}"))
        .statusCode()).isEqualTo(200);
    assertThat(fake.portal().contacts()).hasSize(1);
    var contact = fake.portal().contact(formFill.id()).orElseThrow();
    assertThat(contact.property("segment_user_id")).isEqualTo("u-form");
    assertThat(contact.property("lastname")).isEqualTo("L");
    // the email changes later: still the same contact
    assertThat(batch(List.of("{\"type\":\"identify\",\"messageId\":\"c2\",\"userId\":\"u-form\",\"traits\":{\"email\":\"new-address@x.com\"}}"))
        .statusCode()).isEqualTo(200);
    assertThat(fake.portal().contacts()).hasSize(1);
    assertThat(fake.portal().contact(formFill.id()).orElseThrow().property("email")).isEqualTo("new-address@x.com");
  }

  @Test
  void issue6_withAUserIdPropertyAGroupForAnUnknownUserMakesTheContactAndAssociatesItAtOnce() {
    restartWithUserIdProperty();
    var r = batch(List.of("{\"type\":\"group\",\"messageId\":\"g-u9\",\"userId\":\"u-9\",\"groupId\":\"acct-9\","
        + "\"traits\":{\"name\":\"Nine Inc\"}}"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(tree(r.body()).path("results").get(0).path("warnings").toString()).doesNotContain("ASSOCIATION_PENDING");
    CrmObject contact = fake.portal().contacts().stream().filter(c -> "u-9".equals(c.property("segment_user_id"))).findFirst()
        .orElseThrow();
    CrmObject company = fake.portal().companies().stream().filter(c -> "acct-9".equals(c.property("segment_group_id")))
        .findFirst().orElseThrow();
    assertThat(fake.portal().associations()).anyMatch(a -> a.fromType().startsWith("contact") && a.fromId().equals(contact.id())
        && a.toId().equals(company.id()));
    // the user's identify later finds the same contact
    assertThat(batch(List.of("{\"type\":\"identify\",\"messageId\":\"i-u9\",\"userId\":\"u-9\",\"traits\":{\"email\":\"nine@x.com\"}}"))
        .statusCode()).isEqualTo(200);
    assertThat(fake.portal().contacts()).hasSize(1);
    assertThat(fake.portal().contact(contact.id()).orElseThrow().property("email")).isEqualTo("nine@x.com");
  }

  @Test
  void issue4_anEmailOfAnotherUsersContactIsAConflictNotASecondContact() {
    restartWithUserIdProperty();
    assertThat(batch(List.of("{\"type\":\"identify\",\"messageId\":\"a1\",\"userId\":\"u-a\",\"traits\":{\"email\":\"shared@x.com\"}}"))
        .statusCode()).isEqualTo(200);
    var r = batch(List.of("{\"type\":\"identify\",\"messageId\":\"b1\",\"userId\":\"u-b\",\"traits\":{\"email\":\"Shared@X.com\",\"firstName\":\"B\"}}"));
    assertThat(r.statusCode()).as("final: no retry can fix it").isEqualTo(200);
    JsonNode result = tree(r.body()).path("results").get(0);
    assertThat(result.path("outcome").asText()).isEqualTo("DROPPED");
    assertThat(result.path("reason").asText()).isEqualTo("EMAIL_CONFLICT");
    assertThat(fake.portal().contacts()).hasSize(1);
    assertThat(fake.portal().contacts().get(0).property("segment_user_id")).isEqualTo("u-a");
  }

  @Test
  void issue5_anEventByUserIdForAContactThisServerNeverWroteFindsItByTheUserIdProperty() {
    restartWithUserIdProperty();
    assertThat(batch(List.of("{\"type\":\"identify\",\"messageId\":\"s1\",\"userId\":\"u-seen\",\"traits\":{\"email\":\"seen@x.com\"}}"))
        .statusCode()).isEqualTo(200);
    // made elsewhere (an import, another server): this server has no id for u-ext
    var imported = fake.portal().createContact(Map.of("email", "ext@x.com", "segment_user_id", "u-ext"));
    var r = batch(List.of("{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"t-ext\",\"userId\":\"u-ext\",\"properties\":{\"plan\":\"pro\"}}"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(tree(r.body()).path("results").get(0).path("outcome").asText()).startsWith("DELIVERED");
    assertThat(fake.portal().eventOccurrences("pe123456_signed_up")).singleElement()
        .satisfies(o -> assertThat(o.objectId()).isEqualTo(imported.id()));
  }
}
