package io.hsdest;

import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.CrmObject;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.Json;
import io.hsdest.testkit.ServerHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local store never outranks HubSpot: a server restarted on the data directory of an earlier
 * run, against a HubSpot whose records were since deleted (a sandbox refreshed, a portal reset),
 * ends exactly where a server with a fresh store ends, telling the clients which of their ids were
 * stale. The ids it kept are hints; HubSpot's answers overrule them.
 */
class StaleStoreEndToEndTest {
  private static final String USER_ID_PROPERTY = "segment_user_id";
  private FakeHubSpot fake;
  private ServerHarness server;

  private static Map<String, String> env(FakeHubSpot fake) {
    return Map.of("HUBSPOT_BASE_URL", fake.baseUrl(), "HUBSPOT_ACCESS_TOKEN", FakeHubSpot.DEFAULT_TOKEN, "HUBSPOT_PORTAL_ID", "123456",
        "WRITE_KEYS", "wk");
  }

  private static final String CONFIG = """
      {"destinations":[{"id":"d","writeKeys":["wk"],"settings":{"portalId":"123456","accessToken":"%s",
        "userIdProperty":"segment_user_id"}}]}""".formatted(FakeHubSpot.DEFAULT_TOKEN);

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (fake != null) fake.close();
  }

  /**
   * What a salesperson set up in HubSpot before the CDP sent anything: a company with the domain, no
   * key; and, after a reset, other records first, so that HubSpot's ids differ from the earlier run's.
   */
  private void seedPortal(int otherRecords) {
    fake.portal().createProperty("contacts", USER_ID_PROPERTY, "string", "text", true);
    for (int i = 0; i < otherRecords; i++) {
      fake.portal().createContact(Map.of("email", "other" + i + "@other.example"));
      fake.portal().createCompany(Map.of("name", "Other " + i));
    }
    fake.portal().createCompany(Map.of("name", "Acme (from sales)", "domain", "acme.example"));
  }

  private JsonNode send(String... messages) {
    var resp = server.post("/v1/batch", "{\"batch\":[" + String.join(",", messages) + "]}", "Authorization", basic("wk"));
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    return Json.tree(resp.body()).path("results");
  }

  /** The vectors, request by request; returns every message's outcome and warning codes. */
  private List<String> runVectors(String staleContactId) {
    List<String> seen = new ArrayList<>();
    JsonNode r = send(
        "{\"type\":\"identify\",\"messageId\":\"v1\",\"userId\":\"u-1\",\"traits\":{\"email\":\"ann@x.com\",\"firstName\":\"Ann\"}}",
        "{\"type\":\"group\",\"messageId\":\"v2\",\"userId\":\"u-1\",\"groupId\":\"g-1\",\"traits\":{\"name\":\"Acme\",\"website\":\"https://acme.example\"}}");
    r.forEach(m -> seen.add(describe(m)));
    r = send("{\"type\":\"track\",\"messageId\":\"v3\",\"userId\":\"u-1\",\"event\":\"Signed Up\",\"properties\":{\"plan\":\"pro\"}}");
    r.forEach(m -> seen.add(describe(m)));
    // a client that kept HubSpot's id of the contact from before the reset
    r = send("{\"type\":\"identify\",\"messageId\":\"v4\",\"userId\":\"u-1\",\"traits\":{\"email\":\"ann@x.com\",\"lastName\":\"Lee\"},"
        + "\"context\":{\"externalIds\":[{\"id\":\"" + staleContactId + "\",\"type\":\"hubspot_contact_id\",\"collection\":\"users\"}]}}");
    r.forEach(m -> seen.add(describe(m)));
    // a group for a user HubSpot does not know yet (this run), then that user's identify
    r = send("{\"type\":\"group\",\"messageId\":\"v5\",\"userId\":\"u-2\",\"groupId\":\"g-2\",\"traits\":{\"name\":\"Beta\",\"website\":\"beta.example\"}}");
    r.forEach(m -> seen.add(describe(m)));
    r = send("{\"type\":\"identify\",\"messageId\":\"v6\",\"userId\":\"u-2\",\"traits\":{\"email\":\"bo@x.com\"}}");
    r.forEach(m -> seen.add(describe(m)));
    awaitAssociations(2);
    return seen;
  }

  /** The outcome and warnings, leaving out STALE_RECORD_ID: said only where an id was stale, it is checked apart. */
  private static String describe(JsonNode m) {
    List<String> codes = new ArrayList<>();
    m.path("warnings").forEach(w -> codes.add(w.path("code").asText()));
    boolean stale = codes.removeIf("STALE_RECORD_ID"::equals);
    String outcome = m.path("outcome").asText();
    if (stale && codes.isEmpty()) outcome = "DELIVERED";
    return m.path("messageId").asText() + " " + outcome + " " + codes + (stale ? " (stale id)" : "");
  }

  private void awaitAssociations(int n) {
    long until = System.currentTimeMillis() + 10_000;
    while (fake.portal().associations().size() < n && System.currentTimeMillis() < until) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** HubSpot's end state, in keys that do not depend on record ids. */
  private Set<String> endState() {
    Set<String> state = fake.portal().contacts().stream()
        .filter(c -> !c.property("email").endsWith("@other.example"))
        .map(c -> "contact " + c.property("email") + " " + c.property(USER_ID_PROPERTY) + " " + c.property("firstname") + " "
            + c.property("lastname"))
        .collect(Collectors.toSet());
    for (CrmObject c : fake.portal().companies()) if (!c.property("name").startsWith("Other ")) state.add("company " + c.property("domain") + " " + c.property("segment_group_id"));
    for (var a : fake.portal().associations()) {
      if (!a.fromType().startsWith("contact")) continue;
      state.add("association " + fake.portal().contact(a.fromId()).map(c -> c.property("email")).orElse("?") + " > "
          + fake.portal().company(a.toId()).map(c -> c.property("segment_group_id")).orElse("?"));
    }
    state.add("events " + fake.portal().eventOccurrences().size());
    return state;
  }

  @Test
  void aStoreLeftByAnEarlierRunAgainstAPortalSinceResetEndsLikeAFreshStore() throws Exception {
    // the reference: a fresh store against a fresh portal
    fake = FakeHubSpot.start(null, 0);
    seedPortal(0);
    server = ServerHarness.start(env(fake), CONFIG);
    List<String> fresh = runVectors("999999");
    Set<String> freshState = endState();
    String annId = fake.portal().contactBy("email", "ann@x.com").orElseThrow().id();
    Path dataDir = server.dataDir();
    server.close();

    // HubSpot is reset under the same data directory (a sandbox refresh): every id the store kept is gone
    fake.reset();
    seedPortal(7);
    server = ServerHarness.start(env(fake), CONFIG, dataDir);
    List<String> again = runVectors(annId);

    assertThat(fake.portal().contactBy("email", "ann@x.com").orElseThrow().id()).as("HubSpot's ids are new").isNotEqualTo(annId);
    assertThat(again).as("the same outcomes as with a fresh store").isEqualTo(fresh);
    assertThat(endState()).as("the same HubSpot").isEqualTo(freshState);
    assertThat(fake.portal().companies().stream().filter(c -> "acme.example".equals(c.property("domain"))))
        .as("the sales company was adopted, not duplicated").hasSize(1);
    assertThat(freshState).contains("company acme.example g-1", "association ann@x.com > g-1", "association bo@x.com > g-2");
  }

  @Test
  void theClientIsToldWhenAnIdItGaveIsStale() {
    fake = FakeHubSpot.start(null, 0);
    seedPortal(0);
    server = ServerHarness.start(env(fake), CONFIG);
    JsonNode r = send("{\"type\":\"identify\",\"messageId\":\"s1\",\"userId\":\"u-9\",\"traits\":{\"email\":\"sam@x.com\"},"
        + "\"context\":{\"externalIds\":[{\"id\":\"424242\",\"type\":\"hubspot_contact_id\",\"collection\":\"users\"}]}}");
    assertThat(r.get(0).path("outcome").asText()).isEqualTo("DELIVERED_WITH_WARNINGS");
    assertThat(r.get(0).path("warnings").get(0).path("code").asText()).isEqualTo("STALE_RECORD_ID");
    assertThat(fake.portal().contactBy("email", "sam@x.com")).isPresent();
  }
}
