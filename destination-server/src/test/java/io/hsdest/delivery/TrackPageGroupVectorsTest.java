package io.hsdest.delivery;

import static io.hsdest.testkit.Json.assertCall;
import static io.hsdest.testkit.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.testkit.ScriptedHubSpot;
import io.hsdest.testkit.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked track, page and group vectors of cloud-mode.md (c): settings S0, schemas P0/C0/E0, cache K0. */
class TrackPageGroupVectorsTest {

  private static List<String> codes(MessageResult r) {
    return r.warnings().stream().map(Warning::toString).toList();
  }

  @Test
  void v23_mappedTrackWithRenamedPropertyAndRememberedContact() {
    try (var h = new PipelineHarness(TestSettings.s0()).remember("u-1", null, "501")) {
      var r = h.deliver("""
          {"type":"track","event":"Order Completed","messageId":"m-100","userId":"u-1","timestamp":"2024-05-01T10:00:00Z",
           "properties":{"email":"Jane.Doe@Example.com","order_id":"A-1","revenue":99.5,"currency":"USD","products":[{"sku":"s1"}]}}""").get(0);
      assertCall(h.writes().get(0), "POST /events/v3/send", """
          {"eventName":"pe123456_order_completed","email":"jane.doe@example.com","objectId":"501",
           "occurredAt":"2024-05-01T10:00:00.000Z","uuid":"098a1d46-1513-5837-9c0a-fe97b8c48af2",
           "properties":{"order_id":"A-1","amount":"99.5","currency":"USD"}}""");
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(codes(r)).containsExactly("EVENT_PROPERTY_UNKNOWN:products");
    }
  }

  @Test
  void v24_derivedNameWithEmailOnlyInContextTraits() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("""
          {"type":"track","event":"Signed Up","messageId":"m-101","anonymousId":"anon-1","timestamp":"2024-05-01T10:05:00.000Z",
           "properties":{"plan":"pro"},"context":{"traits":{"email":"k@x.com"}}}""").get(0);
      assertCall(h.writes().get(0), "POST /events/v3/send", """
          {"eventName":"pe123456_signed_up","email":"k@x.com","occurredAt":"2024-05-01T10:05:00.000Z",
           "uuid":"009dd86a-c16c-504a-a958-138447fcf77f","properties":{"plan":"pro"}}""");
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }

  @Test
  void v27_prequalifiedNamesAreNormalisedAndMustBelongToThePortal() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var results = h.deliver(
          "{\"type\":\"track\",\"event\":\"pe123456_Signed Up\",\"messageId\":\"m-102b\",\"properties\":{\"email\":\"k@x.com\"}}",
          "{\"type\":\"track\",\"event\":\"pe999_signed_up\",\"messageId\":\"m-102c\",\"properties\":{\"email\":\"k@x.com\"}}");
      assertThat(h.writes()).hasSize(1);
      assertThat(tree(h.writes().get(0).body()).path("eventName").asText()).isEqualTo("pe123456_signed_up");
      assertThat(results.get(0).outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(results.get(1).outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(results.get(1).reason()).isEqualTo(Reason.EVENT_PORTAL_MISMATCH);
    }
  }

  @Test
  void unknownDefinitionIsDroppedWithoutACallAndNamesTheDefinitionToCreate() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("{\"type\":\"track\",\"event\":\"Cart Viewed\",\"messageId\":\"m-x\",\"properties\":{\"email\":\"k@x.com\"}}").get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(r.reason()).isEqualTo(Reason.EVENT_DEFINITION_NOT_FOUND);
      assertThat(r.detail()).contains("pe123456_cart_viewed").contains("autoCreateEventDefinitions");
      assertThat(h.writes()).isEmpty();
    }
  }

  @Test
  void v29_threeTracksInOneWindowAreOneBatchCall() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var results = h.deliver(
          "{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"m-110\",\"timestamp\":\"2024-05-01T10:10:00.000Z\",\"properties\":{\"email\":\"e1@x.com\",\"order_id\":\"O-1\"}}",
          "{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"m-111\",\"timestamp\":\"2024-05-01T10:10:01.000Z\",\"properties\":{\"email\":\"e2@x.com\",\"order_id\":\"O-2\"}}",
          "{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"m-112\",\"timestamp\":\"2024-05-01T10:10:02.000Z\",\"properties\":{\"email\":\"e3@x.com\",\"order_id\":\"O-3\"}}");
      assertThat(h.writes()).hasSize(1);
      assertCall(h.writes().get(0), "POST /events/v3/send/batch", """
          {"inputs":[
           {"eventName":"pe123456_order_completed","email":"e1@x.com","occurredAt":"2024-05-01T10:10:00.000Z","uuid":"8e2f18e4-918b-5c72-bb95-4f6aafe386f2","properties":{"order_id":"O-1"}},
           {"eventName":"pe123456_order_completed","email":"e2@x.com","occurredAt":"2024-05-01T10:10:01.000Z","uuid":"3da47c5b-6ede-5477-a5af-c5eb0d274f86","properties":{"order_id":"O-2"}},
           {"eventName":"pe123456_order_completed","email":"e3@x.com","occurredAt":"2024-05-01T10:10:02.000Z","uuid":"f10a3a87-0894-5908-a13d-b94f8be5a98d","properties":{"order_id":"O-3"}}]}""");
      assertThat(results).allMatch(r -> r.outcome() == Outcome.DELIVERED);
    }
  }

  @Test
  void v31_contextTraitsUpdateTheContactBeforeTheEvent() {
    try (var h = new PipelineHarness(TestSettings.s0("{\"trackContextTraitsToContact\":true}"))) {
      var r = h.deliver("""
          {"type":"track","event":"Signed Up","messageId":"m-120","timestamp":"2024-05-01T10:20:00.000Z",
           "properties":{"plan":"free"},"context":{"traits":{"email":"j@x.com","firstName":"J","plan.tier":"free"}}}""").get(0);
      assertThat(h.writes()).hasSize(2);
      assertCall(h.writes().get(0), "POST /crm/v3/objects/contacts/batch/upsert", """
          {"inputs":[{"idProperty":"email","id":"j@x.com","objectWriteTraceId":"m-120","properties":{"email":"j@x.com","firstname":"J","plan_tier":"free"}}]}""");
      var event = tree(h.writes().get(1).body());
      assertThat(h.writes().get(1).path()).isEqualTo("/events/v3/send");
      assertThat(event.path("uuid").asText()).isEqualTo("2179aba6-8b74-5abd-a4e9-ddf1a5fafd65");
      assertThat(event.path("email").asText()).isEqualTo("j@x.com");
      assertThat(event.path("properties")).isEqualTo(tree("{\"plan\":\"free\"}"));
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }

  @Test
  void v33_pageAsCustomEvent() {
    try (var h = new PipelineHarness(TestSettings.s0("{\"pageEventName\":\"pe123456_page_viewed\"}"))) {
      var r = h.deliver("""
          {"type":"page","messageId":"m-140","name":"Pricing","timestamp":"2024-05-01T11:00:00.000Z",
           "properties":{"url":"https://acme.io/pricing?utm_source=google","title":"Pricing | Acme","referrer":"https://www.google.com/"},
           "context":{"traits":{"email":"p@x.com"},"userAgent":"Mozilla/5.0","campaign":{"source":"google","medium":"cpc","name":"spring"}}}""").get(0);
      assertCall(h.writes().get(0), "POST /events/v3/send", """
          {"eventName":"pe123456_page_viewed","email":"p@x.com","occurredAt":"2024-05-01T11:00:00.000Z",
           "uuid":"0f8c5af4-ba54-5715-b45f-d790b014c858",
           "properties":{"hs_page_url":"https://acme.io/pricing?utm_source=google","hs_page_title":"Pricing | Acme",
            "hs_referrer":"https://www.google.com/","hs_user_agent":"Mozilla/5.0","hs_utm_source":"google",
            "hs_utm_medium":"cpc","hs_utm_campaign":"spring"}}""");
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }

  @Test
  void v34_pageWithoutConfigurationIsSkippedWithoutACall() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("{\"type\":\"page\",\"messageId\":\"m-141\",\"name\":\"Home\",\"context\":{\"traits\":{\"email\":\"p@x.com\"}}}").get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
      assertThat(r.detail()).contains("pageEventName");
      assertThat(h.hubspot.calls()).isEmpty();
    }
  }

  @Test
  void v35_companyUpsertThenAssociation() {
    String group = """
        {"type":"group","messageId":"m-200","groupId":"g-42","userId":"u-1","timestamp":"2024-05-01T12:00:00.000Z",
         "traits":{"name":"Acme Inc","website":"https://www.Acme.io/about","industry":"Computer Software","employees":"250",
          "address":{"city":"Boston","postalCode":"02110"},"plan":"enterprise"}}""";
    try (var h = new PipelineHarness(TestSettings.s0(), new ScriptedHubSpot().id("segment_group_id=g-42", "9001"))
        .remember("u-1", null, "501")) {
      var r = h.deliver(group).get(0);
      assertThat(h.writes()).hasSize(2);
      assertCall(h.writes().get(0), "POST /crm/v3/objects/companies/batch/upsert", """
          {"inputs":[{"idProperty":"segment_group_id","id":"g-42","objectWriteTraceId":"m-200","properties":{
            "segment_group_id":"g-42","name":"Acme Inc","website":"https://www.Acme.io/about","domain":"acme.io",
            "industry":"COMPUTER_SOFTWARE","numberofemployees":"250","city":"Boston","zip":"02110"}}]}""");
      assertCall(h.writes().get(1), "POST /crm/v4/associations/contacts/companies/batch/associate/default",
          "{\"inputs\":[{\"from\":{\"id\":\"501\"},\"to\":{\"id\":\"9001\"}}]}");
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(codes(r)).contains("PROPERTY_UNKNOWN:plan");
    }
    try (var h = new PipelineHarness(TestSettings.s0("{\"associationTypeId\":279}"),
        new ScriptedHubSpot().id("segment_group_id=g-42", "9001")).remember("u-1", null, "501")) {
      h.deliver(group);
      assertCall(h.writes().get(1), "POST /crm/v4/associations/contacts/companies/batch/create", """
          {"inputs":[{"from":{"id":"501"},"to":{"id":"9001"},
            "types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":279}]}]}""");
    }
  }

  @Test
  void aContactMergedInHubSpotIsFollowedByLaterEvents() {
    // u-1 was contact 501; HubSpot merged it into 777, and the next upsert by email answers 777
    try (var h = new PipelineHarness(TestSettings.s0(), new ScriptedHubSpot().id("email=a@x.com", "777"))
        .remember("u-1", "a@x.com", "501")) {
      h.deliver("{\"type\":\"identify\",\"messageId\":\"i-m\",\"userId\":\"u-1\",\"traits\":{\"email\":\"a@x.com\"}}");
      h.deliver("{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"t-m\",\"userId\":\"u-1\",\"properties\":{\"plan\":\"pro\"}}");
      var event = h.writes().get(h.writes().size() - 1);
      assertThat(event.path()).startsWith("/events/v3/send");
      assertThat(tree(event.body()).path("objectId").asText()).isEqualTo("777");
    }
  }

  @Test
  void anEventByUserIdAloneFindsItsContactInHubSpotByTheUserIdProperty() {
    var hubspot = new ScriptedHubSpot().script("POST /crm/v3/objects/contacts/batch/read", ScriptedHubSpot.Answer.of(207, """
        {"status":"COMPLETE","results":[{"id":"905","properties":{"segment_user_id":"u-5"}}],
         "numErrors":1,"errors":[{"status":"error","category":"OBJECT_NOT_FOUND","message":"Could not get some CONTACT objects, they may be deleted or not exist.","context":{"ids":["u-6"]}}]}"""));
    try (var h = new PipelineHarness(TestSettings.s0("{\"userIdProperty\":\"segment_user_id\"}"), hubspot)) {
      var results = h.deliver(
          "{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"t-5\",\"userId\":\"u-5\",\"properties\":{\"plan\":\"pro\"}}",
          "{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"t-5b\",\"userId\":\"u-5\",\"properties\":{\"plan\":\"pro\"}}",
          "{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"t-6\",\"userId\":\"u-6\",\"properties\":{\"plan\":\"pro\"}}");
      assertThat(h.writes()).extracting(c -> c.path()).containsExactly("/crm/v3/objects/contacts/batch/read", "/events/v3/send/batch");
      assertThat(tree(h.writes().get(0).body())).isEqualTo(tree("""
          {"idProperty":"segment_user_id","properties":["segment_user_id"],"inputs":[{"id":"u-5"},{"id":"u-6"}]}"""));
      var events = tree(h.writes().get(1).body()).path("inputs");
      assertThat(events).hasSize(2);
      assertThat(events.get(0).path("objectId").asText()).isEqualTo("905");
      assertThat(results.get(0).outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(results.get(2).outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(results.get(2).reason()).isEqualTo(Reason.MISSING_IDENTIFIER);
      assertThat(results.get(2).detail()).contains("segment_user_id is u-6");
    }
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"t-7\",\"userId\":\"u-7\"}").get(0);
      assertThat(r.reason()).as("without userIdProperty there is nothing to look up by").isEqualTo(Reason.MISSING_IDENTIFIER);
      assertThat(h.writes()).isEmpty();
    }
  }

  @Test
  void anAssociationHubSpotRefusesNeverFailsTheCompanyWrite() {
    var hubspot = new ScriptedHubSpot().id("segment_group_id=g-42", "9001")
        .script("POST /crm/v4/associations/contacts/companies/batch/associate/default", ScriptedHubSpot.Answer.of(400, """
            {"status":"error","message":"Association from contact 501 to company 9001 is over the limit of associations",
             "correlationId":"c-a","category":"VALIDATION_ERROR"}"""));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot).remember("u-1", null, "501")) {
      var r = h.deliver("""
          {"type":"group","messageId":"m-210","groupId":"g-42","userId":"u-1","traits":{"name":"Acme Inc"}}""").get(0);
      assertThat(h.writes()).extracting(c -> c.path()).containsExactly("/crm/v3/objects/companies/batch/upsert",
          "/crm/v4/associations/contacts/companies/batch/associate/default");
      assertThat(r.outcome()).as("the company is written; the group call is not dropped").isEqualTo(Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(r.warnings()).anySatisfy(w -> {
        assertThat(w.code()).isEqualTo("ASSOCIATION_FAILED");
        assertThat(w.message()).contains("over the limit");
      });
    }
  }

  @Test
  void anAssociationRefusedForAContactHubSpotNoLongerHasWaitsForThatContactInsteadOfFailing() {
    var hubspot = new ScriptedHubSpot().id("segment_group_id=g-42", "9001")
        .script("POST /crm/v4/associations/contacts/companies/batch/associate/default", ScriptedHubSpot.Answer.of(400, """
            {"status":"error","message":"No contact with ID 501 exists.","correlationId":"c-a","category":"VALIDATION_ERROR",
             "subCategory":"crm.associations.FROM_OBJECT_NOT_FOUND","context":{"objectType":["CONTACT"],"id":["501"]}}"""));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot).remember("u-1", null, "501")) {
      var r = h.deliver("""
          {"type":"group","messageId":"m-211","groupId":"g-42","userId":"u-1","traits":{"name":"Acme Inc"}}""").get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(r.warnings()).extracting(w -> w.code()).containsExactly("STALE_RECORD_ID", "ASSOCIATION_PENDING");
      assertThat(h.memory.ids().contactByUser("u-1")).as("the stale id is forgotten").isNull();
      assertThat(h.memory.pending().forUser("u-1")).as("made once the user's contact is written again")
          .extracting(e -> e.companyId()).containsExactly("9001");
      h.hubspot.clear();
      h.deliver("""
          {"type":"identify","messageId":"m-212","userId":"u-1","traits":{"email":"back@x.com"}}""");
      h.time.advance(1_000); // the kept association is made in the background, after the identify's answer
      assertThat(h.writes()).extracting(c -> c.path()).containsExactly("/crm/v3/objects/contacts/batch/upsert",
          "/crm/v4/associations/contacts/companies/batch/associate/default");
      assertThat(h.memory.pending().forUser("u-1")).isEmpty();
    }
  }

  @Test
  void v37_invalidAndMinimalGroups() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var results = h.deliver(
          "{\"type\":\"group\",\"messageId\":\"m-199\",\"userId\":\"u-1\",\"traits\":{\"name\":\"No id\"}}",
          "{\"type\":\"group\",\"messageId\":\"m-201\",\"groupId\":\"g-43\"}");
      assertThat(results.get(0).outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(results.get(0).reason()).isEqualTo(Reason.MISSING_GROUP_ID);
      assertThat(h.writes()).hasSize(1);
      assertCall(h.writes().get(0), "POST /crm/v3/objects/companies/batch/upsert", """
          {"inputs":[{"idProperty":"segment_group_id","id":"g-43","objectWriteTraceId":"m-201","properties":{"segment_group_id":"g-43"}}]}""");
      assertThat(results.get(1).outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }
}
