package io.hsdest;

import static io.hsdest.testkit.Json.tree;
import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.ServerHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the create policies make in HubSpot, through the fake: contact properties of a sensible
 * type, event definitions with typed properties, the company id property (unique), and audience
 * lists with their memberships.
 */
class CreationEndToEndTest {
  private FakeHubSpot fake;
  private ServerHarness server;

  @BeforeEach
  void start() {
    fake = FakeHubSpot.start(null, 0);
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()), """
        {"destinations":[{"id":"default","writeKeys":["wk"],"settings":{"accessToken":"pat-na1-TEST","portalId":"123456",
          "unknownPropertyPolicy":"create","autoCreateEventDefinitions":true,"companyIdProperty":"crm_account_id",
          "audienceMode":"both","trackContextTraitsToContact":false}}]}""");
  }

  @AfterEach
  void stop() {
    server.close();
    fake.close();
  }

  private String post(String batch) {
    var r = server.post("/v1/batch", "{\"batch\":[" + batch + "]}", "Authorization", basic("wk"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void unknownTraitsBecomePropertiesOfASensibleType() {
    post("{\"type\":\"identify\",\"messageId\":\"m1\",\"traits\":{\"email\":\"c@x.com\",\"shoe_size\":42,\"beta_since\":\"2024-01-02\",\"is_beta\":true,\"nickname\":\"Cee\"}}");
    var contact = fake.portal().contactBy("email", "c@x.com").orElseThrow();
    assertThat(contact.property("shoe_size")).isEqualTo("42");
    assertThat(contact.property("beta_since")).isEqualTo("2024-01-02");
    assertThat(contact.property("is_beta")).isEqualTo("true");
    assertThat(contact.property("nickname")).isEqualTo("Cee");
    var created = fake.calls().stream().filter(c -> c.method().equals("POST") && c.path().equals("/crm/v3/properties/contacts"))
        .map(c -> tree(c.requestBody())).toList();
    assertThat(created).extracting(n -> n.path("name").asText() + ":" + n.path("type").asText())
        .containsExactlyInAnyOrder("shoe_size:number", "beta_since:date", "is_beta:bool", "nickname:string");
  }

  @Test
  void missingEventDefinitionsAreCreatedThenTheEventIsSent() {
    String body = post("{\"type\":\"track\",\"event\":\"Trial Started\",\"messageId\":\"t1\",\"properties\":{\"email\":\"t@x.com\",\"days\":14,\"source\":\"ad\"}}");
    assertThat(tree(body).path("results").get(0).path("outcome").asText()).startsWith("DELIVERED");
    assertThat(fake.portal().eventDefinitionNames()).contains("pe123456_trial_started");
    var occurrences = fake.portal().eventOccurrences("pe123456_trial_started");
    assertThat(occurrences).hasSize(1);
    // a property new to an existing definition is added to it
    post("{\"type\":\"track\",\"event\":\"Trial Started\",\"messageId\":\"t2\",\"properties\":{\"email\":\"t@x.com\",\"days\":7,\"plan\":\"pro\"}}");
    assertThat(fake.portal().eventOccurrences("pe123456_trial_started")).hasSize(2);
  }

  @Test
  void theCompanyIdPropertyIsCreatedUniqueWhenMissing() {
    post("{\"type\":\"group\",\"messageId\":\"g1\",\"groupId\":\"acct-9\",\"traits\":{\"name\":\"Nine\"}}");
    post("{\"type\":\"group\",\"messageId\":\"g2\",\"groupId\":\"acct-9\",\"traits\":{\"name\":\"Nine Inc\"}}");
    assertThat(fake.portal().companies()).hasSize(1);
    assertThat(fake.portal().companyBy("crm_account_id", "acct-9").orElseThrow().property("name")).isEqualTo("Nine Inc");
  }

  @Test
  void audiencesBecomeCheckboxPropertiesAndManualListMemberships() {
    String sync = "{\"type\":\"identify\",\"messageId\":\"%s\",\"userId\":\"u1\",\"traits\":{\"email\":\"a@x.com\",\"power_users\":%s},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"power_users\"}}}";
    post(String.format(sync, "a1", "true"));
    var contact = fake.portal().contactBy("email", "a@x.com").orElseThrow();
    assertThat(contact.property("power_users")).isEqualTo("true");
    var list = fake.portal().list("cdp_power_users").orElseThrow();
    assertThat(list.processingType()).isEqualTo("MANUAL");
    assertThat(list.memberIds()).containsExactly(contact.id());
    post(String.format(sync, "a2", "false"));
    assertThat(fake.portal().contactBy("email", "a@x.com").orElseThrow().property("power_users")).isEqualTo("false");
    assertThat(fake.portal().list("cdp_power_users").orElseThrow().memberIds()).isEmpty();
  }

  @Test
  void lastEventTimesLandOnTheContactNewestFirstEvenWithoutAnEventDefinition() {
    server.close();
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()), """
        {"destinations":[{"id":"default","writeKeys":["wk"],"settings":{"accessToken":"pat-na1-TEST","portalId":"123456",
          "unknownPropertyPolicy":"create","trackEventTimeToContact":true}}]}""");
    String newer = "{\"type\":\"track\",\"event\":\"Webinar Attended\",\"messageId\":\"w2\",\"timestamp\":\"2024-06-02T09:30:00Z\","
        + "\"properties\":{\"email\":\"w@x.com\"}}";
    String older = newer.replace("w2", "w1").replace("2024-06-02T09:30:00Z", "2024-06-01T08:00:00Z");
    String body = post(newer);
    var result = tree(body).path("results").get(0);
    assertThat(result.path("outcome").asText()).isEqualTo("DELIVERED_WITH_WARNINGS");
    assertThat(result.path("warnings").toString()).contains("EVENT_NOT_SENT").contains("pe123456_webinar_attended");
    post(older); // arrives late: must not move the time back
    var contact = fake.portal().contactBy("email", "w@x.com").orElseThrow();
    assertThat(contact.property("last_webinar_attended_at")).isEqualTo("2024-06-02T09:30:00.000Z");
    var created = fake.calls().stream().filter(c -> c.method().equals("POST") && c.path().equals("/crm/v3/properties/contacts"))
        .map(c -> tree(c.requestBody())).toList();
    assertThat(created).extracting(n -> n.path("name").asText() + ":" + n.path("type").asText())
        .containsExactly("last_webinar_attended_at:datetime");
    assertThat(fake.calls()).noneMatch(c -> c.path().startsWith("/events/v3/send"));
  }
}
