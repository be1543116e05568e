package io.hsdest.audiences;

import static io.hsdest.testkit.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Endpoint;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's acceptance run: Amplitude's cohort webhook, as Amplitude sends it, makes a HubSpot list of exactly the
 * cohort, in close to the fewest calls HubSpot's batch limits allow, follows later additions and removals, and a
 * message sent again changes nothing.
 */
class CohortSyncTest {
  private static AudienceHarness h;

  @BeforeAll
  static void start() {
    h = new AudienceHarness("");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static long calls(int n, int perCall) {
    return (n + perCall - 1) / perCall;
  }

  @Test
  void aTenThousandUserCohortBecomesExactlyThatListInCloseToTheFewestCalls() {
    List<String> existing = AudienceHarness.emails("old", 0, 3_000);
    List<String> fresh = AudienceHarness.emails("new", 0, 7_000);
    h.seedContacts(existing);
    List<String> cohort = new ArrayList<>(existing);
    cohort.addAll(fresh);
    java.util.Collections.shuffle(cohort, new java.util.Random(7));

    long before = h.calls();
    HttpResponse<String> first = h.cohort(AudienceHarness.cohortPayload("Power Users", "7khm89cz", true, "m-1::enter::0", cohort));
    long used = h.calls() - before;

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode report = tree(first.body());
    assertThat(report.path("success").asBoolean()).isTrue();
    assertThat(report.path("added").asInt()).isEqualTo(10_000);
    assertThat(report.path("createdContacts").asInt()).isEqualTo(7_000);
    assertThat(report.path("removed").asInt()).isZero();
    assertThat(report.path("unchanged").asInt()).isZero();
    assertThat(report.path("dropped")).isEmpty();
    assertThat(report.path("listName").asText()).isEqualTo("cdp_Power Users");
    assertThat(h.members("cdp_Power Users")).isEqualTo(h.idsOf(cohort));
    assertThat(h.fake.portal().list("cdp_Power Users").orElseThrow().processingType()).isEqualTo("MANUAL");
    assertThat(report.path("listId").asText()).isEqualTo(h.fake.portal().list("cdp_Power Users").orElseThrow().listId());

    // The fewest calls HubSpot's batch limits allow: one to get the list, every email read (100 per call), every
    // missing contact created (100 per call), every member added (Endpoint's maximum per call).
    long floor = 1 + calls(10_000, Endpoint.CONTACTS_READ.maxInputs) + calls(7_000, Endpoint.CONTACTS_CREATE.maxInputs)
        + calls(10_000, Endpoint.LISTS_MEMBERSHIPS.maxInputs);
    assertThat(floor).isEqualTo(191);
    assertThat(used).as("HubSpot calls for the first sync, floor " + floor).isLessThanOrEqualTo((long) Math.floor(floor * 1.3));

    // Later syncs: Amplitude sends the removals and the additions since the previous sync as two messages.
    List<String> leaving = cohort.subList(0, 500);
    List<String> joining = AudienceHarness.emails("later", 0, 300);
    HttpResponse<String> exit = h.cohort(AudienceHarness.cohortPayload("Power Users", "7khm89cz", false, "m-2::exit::0", leaving));
    assertThat(exit.statusCode()).as(exit.body()).isEqualTo(200);
    assertThat(tree(exit.body()).path("removed").asInt()).isEqualTo(500);
    HttpResponse<String> enter = h.cohort(AudienceHarness.cohortPayload("Power Users", "7khm89cz", true, "m-2::enter::0", joining));
    assertThat(enter.statusCode()).as(enter.body()).isEqualTo(200);
    assertThat(tree(enter.body()).path("added").asInt()).isEqualTo(300);
    assertThat(tree(enter.body()).path("createdContacts").asInt()).isEqualTo(300);
    List<String> now = new ArrayList<>(cohort.subList(500, cohort.size()));
    now.addAll(joining);
    assertThat(h.members("cdp_Power Users")).isEqualTo(h.idsOf(now));

    // Amplitude resends a message it got no timely answer for: nothing is called, the answer is the same.
    long beforeRepeat = h.calls();
    HttpResponse<String> again = h.cohort(AudienceHarness.cohortPayload("Power Users", "7khm89cz", true, "m-2::enter::0", joining));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(h.calls()).isEqualTo(beforeRepeat);
    assertThat(tree(again.body())).isEqualTo(tree(enter.body()));
    assertThat(h.members("cdp_Power Users")).isEqualTo(h.idsOf(now));

    // The cohort is also an audience: GET shows the list as HubSpot has it.
    JsonNode described = tree(h.describe("amplitude-7khm89cz").body());
    assertThat(described.path("members").asInt()).isEqualTo(9_800);
    assertThat(described.path("listName").asText()).isEqualTo("cdp_Power Users");
    assertThat(described.path("lastSync").path("added").asInt()).isEqualTo(300);
  }

  @Test
  void theSameMessageArrivingTwiceAtOnceIsAppliedOnce() throws Exception {
    List<String> users = AudienceHarness.emails("u", 0, 50);
    String body = AudienceHarness.cohortPayload("twice", "c2", true, "dup::enter::0", users);
    long before = h.calls();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> h.cohort(body));
      var b = pool.submit(() -> h.cohort(body));
      JsonNode ra = tree(a.get().body());
      JsonNode rb = tree(b.get().body());
      assertThat(ra).isEqualTo(rb);
      assertThat(ra.path("added").asInt()).isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
    long creates = h.callsSince(before).stream().filter(c -> c.path().endsWith("/batch/create")).count();
    assertThat(creates).isEqualTo(1);
    assertThat(h.members("cdp_twice")).isEqualTo(h.idsOf(users));
  }

  @Test
  void amplitudesPayloadIsCheckedAndItsUsersJudgedOneByOne() {
    HttpResponse<String> noName = h.cohort("{\"in_cohort\":true,\"users\":[]}");
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(tree(noName.body()).path("error").path("code").asText()).isEqualTo("MISSING_COHORT_NAME");
    assertThat(h.cohort("{\"cohort_name\":\"x\",\"users\":[]}").statusCode()).isEqualTo(400);
    assertThat(h.cohort("{\"cohort_name\":\"x\",\"in_cohort\":true}").statusCode()).isEqualTo(400);
    assertThat(h.cohort("{\"cohort_name\":\"x\",\"in_cohort\":tru").statusCode()).isEqualTo(400);

    HttpResponse<String> r = h.cohort("""
        {"cohort_name":"judged","cohort_id":"j1","in_cohort":true,"computed_time":"1692206763","message_id":"j::enter::0",
         "users":[{"user_id":"ok@example.com"},{"user_id":"not an email"},{"user_id":""},{},
                  {"user_id":"42","user_properties":{"email":"Fallback@Example.com"}},{"user_id":null}]}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = tree(r.body());
    assertThat(report.path("added").asInt()).isEqualTo(2);
    assertThat(report.path("dropped")).hasSize(4);
    assertThat(report.path("dropped").findValuesAsText("reason"))
        .containsExactly("INVALID_EMAIL", "NO_IDENTIFIER", "NO_IDENTIFIER", "NO_IDENTIFIER");
    assertThat(report.path("dropped").findValuesAsText("index")).containsExactly("1", "2", "3", "5");
    assertThat(report.path("dropped").get(0).path("member").path("user_id").asText()).isEqualTo("not an email");
    assertThat(h.members("cdp_judged")).isEqualTo(h.idsOf(List.of("ok@example.com", "fallback@example.com")));
  }

  @Test
  void withoutAWriteKeyOrWithAWrongOneNothingHappens() {
    assertThat(h.server.post("/v1/cohorts/amplitude", AudienceHarness.cohortPayload("x", "1", true, "m", List.of("a@b.co")))
        .statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = h.server.post("/v1/cohorts/amplitude", AudienceHarness.cohortPayload("x", "1", true, "m",
        List.of("a@b.co")), "Authorization", io.hsdest.testkit.ServerHarness.basic("nope"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(tree(wrong.body()).path("error").path("code").asText()).isEqualTo("UNKNOWN_WRITE_KEY");
    assertThat(h.fake.portal().list("cdp_x")).isEmpty();
  }
}
