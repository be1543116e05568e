package io.hsdest.audiences;

import static io.hsdest.testkit.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT|POST /v1/audiences/{key}/members} and {@code GET /v1/audiences/{key}} for any other source (a
 * reverse-ETL job, a script): full snapshots leave the list exact, changes add and remove, every member that is not
 * in the list is reported with its reason.
 */
class AudienceMembersTest {
  private static AudienceHarness h;

  @BeforeAll
  static void start() {
    h = new AudienceHarness("\"userIdProperty\":\"segment_user_id\"");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static String snapshotBody(List<String> emails) {
    return "{\"members\":" + AudienceHarness.members("email", emails) + "}";
  }

  @Test
  void aSnapshotOf5000AndThenOneThatDrops400AndAdds250LeaveTheListExact() {
    List<String> first = AudienceHarness.emails("snap", 0, 5_000);
    HttpResponse<String> r1 = h.snapshot("trial_users", snapshotBody(first));
    assertThat(r1.statusCode()).as(r1.body()).isEqualTo(200);
    assertThat(tree(r1.body()).path("added").asInt()).isEqualTo(5_000);
    assertThat(h.members("cdp_trial_users")).isEqualTo(h.idsOf(first));

    List<String> second = new ArrayList<>(first.subList(400, 5_000));
    second.addAll(AudienceHarness.emails("snap", 5_000, 5_250));
    long before = h.calls();
    HttpResponse<String> r2 = h.send("PUT", "/v1/audiences/trial_users/members",
        snapshotBody(second).getBytes(StandardCharsets.UTF_8), true);
    assertThat(r2.statusCode()).as(r2.body()).isEqualTo(200);
    JsonNode report = tree(r2.body());
    assertThat(report.path("added").asInt()).isEqualTo(250);
    assertThat(report.path("removed").asInt()).isEqualTo(400);
    assertThat(report.path("unchanged").asInt()).isEqualTo(4_600);
    assertThat(report.path("createdContacts").asInt()).isEqualTo(250);
    assertThat(h.members("cdp_trial_users")).isEqualTo(h.idsOf(second));
    // 49 reads, 3 creates, 5,000 members read 250 a page (20), 650 changes in 2 calls: nothing more
    assertThat(h.calls() - before).isEqualTo(49 + 3 + 20 + 2);

    JsonNode described = tree(h.describe("trial_users").body());
    assertThat(described.path("audienceKey").asText()).isEqualTo("trial_users");
    assertThat(described.path("listName").asText()).isEqualTo("cdp_trial_users");
    assertThat(described.path("members").asInt()).isEqualTo(4_850);
    assertThat(described.path("listId").asText()).isEqualTo(report.path("listId").asText());
    assertThat(described.path("lastSync").path("removed").asInt()).isEqualTo(400);

    // the same snapshot again writes nothing
    long again = h.calls();
    JsonNode same = tree(h.snapshot("trial_users", snapshotBody(second)).body());
    assertThat(same.path("unchanged").asInt()).isEqualTo(4_850);
    assertThat(h.callsSince(again)).noneMatch(c -> !c.method().equals("GET") && !c.path().endsWith("/batch/read"));
  }

  @Test
  void invalidOrEmptyIdentitiesAreReportedOneByOne() {
    HttpResponse<String> r = h.snapshot("judged", """
        {"name":"Judged members","members":[
          {"email":"good@example.com"},{"email":"not-an-email"},{},{"email":""},{"email":"  "},
          {"contactId":"abc"},{"userId":""},"just a string",{"email":"GOOD@example.com"},{"phone":"+100"}]}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = tree(r.body());
    assertThat(report.path("listName").asText()).isEqualTo("cdp_Judged members");
    assertThat(report.path("added").asInt()).isEqualTo(1);
    List<String> reasons = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    report.path("dropped").forEach(d -> {
      reasons.add(d.path("reason").asText());
      indexes.add(d.path("index").asInt());
    });
    assertThat(indexes).containsExactly(1, 2, 3, 4, 5, 6, 7, 9);
    assertThat(reasons).containsExactly("INVALID_EMAIL", "NO_IDENTIFIER", "NO_IDENTIFIER", "NO_IDENTIFIER",
        "INVALID_CONTACT_ID", "NO_IDENTIFIER", "NO_IDENTIFIER", "NO_IDENTIFIER");
    assertThat(report.path("dropped").get(0).path("member").path("email").asText()).isEqualTo("not-an-email");
    assertThat(report.path("dropped").get(7).path("member").path("phone").asText()).isEqualTo("+100");
    assertThat(h.members("cdp_Judged members")).isEqualTo(h.idsOf(List.of("good@example.com")));
    // the name given is kept: the next changes go to the same list
    assertThat(h.changes("judged", "{\"add\":[{\"email\":\"second@example.com\"}]}").statusCode()).isEqualTo(200);
    assertThat(h.members("cdp_Judged members")).hasSize(2);
  }

  @Test
  void contactIdsMustExistAndUnknownOnesAreReported() {
    Map<String, String> ids = h.seedContacts(List.of("c1@example.com", "c2@example.com"));
    String a = ids.get("c1@example.com");
    String b = ids.get("c2@example.com");
    HttpResponse<String> r = h.snapshot("by_id", "{\"members\":[{\"contactId\":\"" + a + "\"},{\"contactId\":" + b
        + "},{\"contactId\":\"987654321\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = tree(r.body());
    assertThat(report.path("added").asInt()).isEqualTo(2);
    assertThat(report.path("createdContacts").asInt()).isZero();
    assertThat(report.path("dropped")).hasSize(1);
    assertThat(report.path("dropped").get(0).path("reason").asText()).isEqualTo("CONTACT_NOT_FOUND");
    assertThat(report.path("dropped").get(0).path("member").path("contactId").asText()).isEqualTo("987654321");
    assertThat(h.members("cdp_by_id")).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void userIdsAreFoundThroughTheUserIdPropertyAndNeverCreated() {
    h.hubspot("POST", "/crm/v3/objects/contacts/batch/upsert", """
        {"inputs":[{"idProperty":"email","id":"u1@example.com","properties":{"email":"u1@example.com","segment_user_id":"user-1"}}]}""");
    HttpResponse<String> r = h.changes("by_user", "{\"add\":[{\"userId\":\"user-1\"},{\"userId\":\"user-2\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = tree(r.body());
    assertThat(report.path("added").asInt()).isEqualTo(1);
    assertThat(report.path("dropped").get(0).path("reason").asText()).isEqualTo("CONTACT_NOT_FOUND");
    assertThat(report.path("dropped").get(0).path("member").path("userId").asText()).isEqualTo("user-2");
    assertThat(h.members("cdp_by_user")).isEqualTo(h.idsOf(List.of("u1@example.com")));
  }

  @Test
  void changesAddAndRemoveAndAContactNamedByBothIsRemoved() {
    List<String> start = AudienceHarness.emails("chg", 0, 10);
    assertThat(h.changes("changes", "{\"add\":" + AudienceHarness.members("email", start) + "}").statusCode()).isEqualTo(200);
    HttpResponse<String> r = h.changes("changes", """
        {"add":[{"email":"chg0@example.com"},{"email":"chg10@example.com"},{"email":"chg11@example.com"}],
         "remove":[{"email":"chg1@example.com"},{"email":"chg11@example.com"},{"email":"never@example.com"},{"email":"x"}]}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = tree(r.body());
    assertThat(report.path("added").asInt()).isEqualTo(1);      // chg10 (chg0 is in already, chg11 is also removed)
    assertThat(report.path("removed").asInt()).isEqualTo(1);    // chg1 (chg11 was never in)
    assertThat(report.path("unchanged").asInt()).isEqualTo(3);  // chg0, chg11, never@ (not in HubSpot, so not in the list)
    assertThat(report.path("dropped").findValuesAsText("reason")).containsExactly("INVALID_EMAIL");
    List<String> now = new ArrayList<>(start);
    now.remove("chg1@example.com");
    now.add("chg10@example.com");
    assertThat(h.members("cdp_changes")).isEqualTo(h.idsOf(now));
    assertThat(h.fake.contactBy("email", "never@example.com")).isEmpty();
  }

  @Test
  void bodiesAreCheckedAndLimited() throws java.io.IOException {
    assertThat(h.snapshot("bad", "{\"members\":").statusCode()).isEqualTo(400);
    HttpResponse<String> noMembers = h.snapshot("bad", "{\"name\":\"x\"}");
    assertThat(noMembers.statusCode()).isEqualTo(400);
    assertThat(tree(noMembers.body()).path("error").path("code").asText()).isEqualTo("MISSING_MEMBERS");
    assertThat(h.changes("bad", "{}").statusCode()).isEqualTo(400);
    assertThat(h.snapshot("bad", "[1,2]").statusCode()).isEqualTo(400);
    assertThat(tree(h.snapshot("bad", "{\"members\":{}}").body()).path("error").path("code").asText()).isEqualTo("INVALID_MEMBERS");
    assertThat(h.describe("never_synced").statusCode()).isEqualTo(404);
    // a declared length over 50 MB is refused before a byte of the body is read
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", h.server.server.port())) {
      socket.getOutputStream().write(("PUT /v1/audiences/big/members HTTP/1.1\r\nHost: x\r\nAuthorization: "
          + io.hsdest.testkit.ServerHarness.basic("wk") + "\r\nContent-Length: 60000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      assertThat(status).startsWith("HTTP/1.1 413");
    }
    // a gzip bomb: 51 MB of spaces in a small body
    byte[] spaces = new byte[51 * 1024 * 1024];
    java.util.Arrays.fill(spaces, (byte) ' ');
    HttpResponse<String> bomb = h.send("PUT", "/v1/audiences/big/members", spaces, true);
    assertThat(bomb.statusCode()).isEqualTo(413);
    assertThat(h.fake.portal().list("cdp_big")).isEmpty();
  }
}
