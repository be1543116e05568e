package io.hsdest.audiences;

import static io.hsdest.testkit.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.ApiFamily;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.fake.ScriptedResponse;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HubSpot is the truth and changes under the sync: a bound list renamed (still used) or deleted (made again, and
 * the report says so), a list of the same name that is not MANUAL (a clear error), member contacts deleted or
 * merged, HubSpot unavailable in the middle of a sync (503 + Retry-After; the resend leaves the list exact).
 */
class HubSpotChangesTest {
  private static AudienceHarness h;

  @BeforeAll
  static void start() {
    h = new AudienceHarness("");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  private static String body(List<String> emails) {
    return "{\"members\":" + AudienceHarness.members("email", emails) + "}";
  }

  @Test
  void aListRenamedInHubSpotIsStillTheOneUsed() {
    List<String> two = List.of("ren1@example.com", "ren2@example.com");
    String listId = tree(h.snapshot("renamed", body(two)).body()).path("listId").asText();
    h.hubspot("PUT", "/crm/v3/lists/" + listId + "/update-list-name?listName=Picked%20by%20marketing", null);
    List<String> three = List.of("ren1@example.com", "ren2@example.com", "ren3@example.com");
    JsonNode report = tree(h.snapshot("renamed", body(three)).body());
    assertThat(report.path("listId").asText()).isEqualTo(listId);
    assertThat(report.path("added").asInt()).isEqualTo(1);
    assertThat(h.fake.portal().list("cdp_renamed")).isEmpty();
    assertThat(h.members("Picked by marketing")).isEqualTo(h.idsOf(three));
    assertThat(tree(h.describe("renamed").body()).path("listName").asText()).isEqualTo("Picked by marketing");
  }

  @Test
  void aListDeletedInHubSpotIsMadeAgainAndTheReportSaysSo() {
    List<String> members = List.of("del1@example.com", "del2@example.com");
    String first = tree(h.snapshot("deleted", body(members)).body()).path("listId").asText();
    h.hubspot("DELETE", "/crm/v3/lists/" + first, null);
    JsonNode full = tree(h.snapshot("deleted", body(members)).body());
    assertThat(full.path("listRecreated").asBoolean()).isTrue();
    assertThat(full.path("listId").asText()).isNotEqualTo(first);
    assertThat(full.path("added").asInt()).isEqualTo(2);
    assertThat(h.members("cdp_deleted")).isEqualTo(h.idsOf(members));

    h.hubspot("DELETE", "/crm/v3/lists/" + full.path("listId").asText(), null);
    JsonNode change = tree(h.changes("deleted", "{\"add\":[{\"email\":\"del3@example.com\"}]}").body());
    assertThat(change.path("listRecreated").asBoolean()).isTrue();
    assertThat(h.members("cdp_deleted")).isEqualTo(h.idsOf(List.of("del3@example.com")));
    JsonNode described = tree(h.describe("deleted").body());
    assertThat(described.path("listId").asText()).isEqualTo(change.path("listId").asText());
    assertThat(described.path("members").asInt()).isEqualTo(1);
  }

  @Test
  void aListOfTheSameNameThatIsNotManualIsAClearErrorAndNothingIsWritten() {
    h.fake.portal().createList("cdp_active_users", "DYNAMIC", List.of());
    long before = h.calls();
    HttpResponse<String> r = h.snapshot("active_users", body(List.of("dyn1@example.com")));
    assertThat(r.statusCode()).isEqualTo(409);
    JsonNode error = tree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("LIST_NOT_MANUAL");
    assertThat(error.path("message").asText()).contains("\"cdp_active_users\"").contains("DYNAMIC");
    assertThat(h.callsSince(before)).extracting(c -> c.method() + " " + c.endpoint())
        .containsExactly("GET GET /crm/v3/lists/object-type-id/{objectTypeId}/name/{listName}");
    assertThat(h.fake.contactBy("email", "dyn1@example.com")).isEmpty();
  }

  @Test
  void memberContactsDeletedOrMergedInHubSpotAreFollowed() {
    List<String> members = List.of("m1@example.com", "m2@example.com", "m3@example.com");
    Map<String, String> ids = h.seedContacts(members);
    h.snapshot("merged", body(members));
    h.fake.portal().deleteContact(ids.get("m1@example.com"));
    h.fake.portal().mergeContacts(ids.get("m2@example.com"), ids.get("m3@example.com"));
    assertThat(h.members("cdp_merged")).containsExactly(ids.get("m2@example.com"));

    JsonNode report = tree(h.snapshot("merged", body(members)).body());
    assertThat(report.path("createdContacts").asInt()).isEqualTo(1); // m1 again, as a new contact
    assertThat(report.path("added").asInt()).isEqualTo(1);
    assertThat(report.path("unchanged").asInt()).isEqualTo(1);       // m2 and m3 are one contact now
    assertThat(report.path("dropped")).isEmpty();
    String m1 = h.fake.contactBy("email", "m1@example.com").orElseThrow().id();
    assertThat(m1).isNotEqualTo(ids.get("m1@example.com"));
    assertThat(h.members("cdp_merged")).containsExactlyInAnyOrder(m1, ids.get("m2@example.com"));
  }

  @Test
  void aContactCreatedBySomeoneElseBetweenReadAndCreateIsTakenNotDoubled() {
    String theirs = h.seedContacts(List.of("race@example.com")).get("race@example.com");
    // HubSpot's read happened just before another app created the contact
    h.fake.script(ScriptedResponse.of("POST", "/crm/v3/objects/contacts/batch/read", 1, 207, """
        {"status":"COMPLETE","results":[],"numErrors":1,"errors":[{"status":"error","category":"OBJECT_NOT_FOUND",
         "message":"Could not get some CONTACT objects, they may be deleted or not exist.","context":{"ids":["race@example.com"]}}]}"""));
    JsonNode report = tree(h.changes("race", "{\"add\":[{\"email\":\"race@example.com\"}]}").body());
    assertThat(report.path("createdContacts").asInt()).isZero();
    assertThat(report.path("added").asInt()).isEqualTo(1);
    assertThat(h.members("cdp_race")).containsExactly(theirs);
    assertThat(h.fake.portal().contacts()).filteredOn(c -> "race@example.com".equals(c.property("email"))).hasSize(1);
  }

  @Test
  void anOutageInTheMiddleOfASyncIs503WithRetryAfterAndTheResendIsExact() {
    List<String> members = AudienceHarness.emails("out", 0, 700);
    h.fake.script(ScriptedResponse.of("PUT", "/crm/v3/lists/*/memberships/add-and-remove", 1, 503,
        "{\"status\":\"error\",\"message\":\"Service Unavailable\",\"category\":\"SERVICE_UNAVAILABLE\"}"));
    HttpResponse<String> failed = h.snapshot("outage", body(members));
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).isPresent();
    assertThat(tree(failed.body()).path("error").path("code").asText()).isEqualTo("RETRY_LATER");
    assertThat(h.fake.contactBy("email", "out0@example.com")).isPresent(); // contacts were made before the outage

    HttpResponse<String> resent = h.snapshot("outage", body(members));
    assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
    assertThat(tree(resent.body()).path("createdContacts").asInt()).isZero();
    assertThat(h.members("cdp_outage")).isEqualTo(h.idsOf(members));

    h.fake.configure(c -> c.withOutage(true));
    try {
      HttpResponse<String> down = h.changes("outage", "{\"remove\":[{\"email\":\"out0@example.com\"}]}");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Retry-After")).isPresent();
    } finally {
      h.fake.configure(c -> c.withOutage(false));
    }
    assertThat(h.changes("outage", "{\"remove\":[{\"email\":\"out0@example.com\"}]}").statusCode()).isEqualTo(200);
    assertThat(h.members("cdp_outage")).isEqualTo(h.idsOf(members.subList(1, members.size())));
  }

  @Test
  void hubSpotRateLimitsAndMissingScopesAreAnsweredSoTheSourceRetriesLater() {
    h.fake.script(ScriptedResponse.of("POST", "/crm/v3/objects/contacts/batch/read", 1, 429, Map.of("Retry-After", "3"),
        "{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\",\"errorType\":\"RATE_LIMIT\","
            + "\"policyName\":\"TEN_SECONDLY_ROLLING\"}"));
    HttpResponse<String> limited = h.snapshot("limited", body(List.of("lim@example.com")));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("3");

    h.fake.denyScopes(FakeHubSpot.DEFAULT_TOKEN, ApiFamily.LISTS);
    try {
      HttpResponse<String> denied = h.snapshot("scopes", body(List.of("scope@example.com")));
      assertThat(denied.statusCode()).isEqualTo(503);
      assertThat(tree(denied.body()).path("error").path("code").asText()).isEqualTo("HUBSPOT_SCOPES");
      assertThat(tree(denied.body()).path("error").path("message").asText()).contains("crm.lists.write");
      assertThat(denied.body()).doesNotContain(FakeHubSpot.DEFAULT_TOKEN);
    } finally {
      h.fake.grantAllScopes(FakeHubSpot.DEFAULT_TOKEN);
    }
    assertThat(h.snapshot("limited", body(List.of("lim@example.com"))).statusCode()).isEqualTo(200);
  }
}
