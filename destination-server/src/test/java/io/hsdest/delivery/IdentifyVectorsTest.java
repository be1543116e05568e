package io.hsdest.delivery;

import static io.hsdest.testkit.Json.assertCall;
import static io.hsdest.testkit.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.testkit.ScriptedHubSpot;
import io.hsdest.testkit.ScriptedHubSpot.Answer;
import io.hsdest.testkit.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked identify vectors of cloud-mode.md (c), settings S0, schema P0. */
class IdentifyVectorsTest {

  private static List<String> codes(MessageResult r) {
    return r.warnings().stream().map(Warning::toString).toList();
  }

  @Test
  void v01_standardTraitsHappyPath() {
    try (var h = new PipelineHarness(TestSettings.s0(), new ScriptedHubSpot().id("email=jane.doe@example.com", "501"))) {
      var results = h.deliver("""
          {"type":"identify","messageId":"m-001","userId":"u-1","timestamp":"2024-05-01T10:00:00.000Z",
           "traits":{"email":" Jane.Doe@Example.com ","firstName":"Jane","lastName":"Doe","phone":"+1 555 0100",
            "company":"Acme","website":"https://acme.io","title":"CTO",
            "address":{"street":"1 Main St","city":"Boston","state":"MA","postalCode":"02110","country":"US"}}}""");
      assertThat(h.writes()).hasSize(1);
      assertCall(h.writes().get(0), "POST /crm/v3/objects/contacts/batch/upsert", """
          {"inputs":[{"idProperty":"email","id":"jane.doe@example.com","objectWriteTraceId":"m-001","properties":{
            "email":"jane.doe@example.com","firstname":"Jane","lastname":"Doe","phone":"+1 555 0100","company":"Acme",
            "website":"https://acme.io","jobtitle":"CTO","address":"1 Main St","city":"Boston","state":"MA",
            "zip":"02110","country":"US"}}]}""");
      assertThat(results.get(0).outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(h.memory.ids().contactByUser("u-1")).isEqualTo("501");
      assertThat(h.memory.ids().contactByEmail("jane.doe@example.com")).isEqualTo("501");
    }
  }

  @Test
  void v02_genericKeysUnknownAndReadOnlyDroppedSelectLabelMapped() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("""
          {"type":"identify","messageId":"m-002","traits":{"email":"a@x.com","Favorite Color":"blue","plan.tier":"Pro",
           "accountType":"trial","not_in_hubspot":"x","hs_object_id":"999"}}""").get(0);
      assertCall(h.writes().get(0), "POST /crm/v3/objects/contacts/batch/upsert", """
          {"inputs":[{"idProperty":"email","id":"a@x.com","objectWriteTraceId":"m-002","properties":{
            "email":"a@x.com","favorite_color":"blue","plan_tier":"pro","accounttype":"trial"}}]}""");
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(codes(r)).containsExactlyInAnyOrder("PROPERTY_UNKNOWN:not_in_hubspot", "PROPERTY_READ_ONLY:hs_object_id",
          "OPTION_LABEL_MAPPED:plan_tier");
    }
  }

  @Test
  void v03_lifecycleAlias() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("""
          {"type":"identify","messageId":"m-003","traits":{"email":"b@x.com","lifecycle_stage":" Customer "}}""").get(0);
      assertThat(h.writes()).hasSize(1);
      assertCall(h.writes().get(0), "POST /crm/v3/objects/contacts/batch/upsert", """
          {"inputs":[{"idProperty":"email","id":"b@x.com","objectWriteTraceId":"m-003","properties":{
            "email":"b@x.com","lifecyclestage":"customer"}}]}""");
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }

  @Test
  void v04_dateOnlyPropertyGetsTheIsoDateOfTheUtcInstant_fiveInOneFlush() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var results = h.deliver(
          "{\"type\":\"identify\",\"messageId\":\"m-010\",\"traits\":{\"email\":\"c1@x.com\",\"signup_date\":\"2023-09-25T17:31:04.128Z\"}}",
          "{\"type\":\"identify\",\"messageId\":\"m-011\",\"traits\":{\"email\":\"c2@x.com\",\"signup_date\":\"2023-09-25\"}}",
          "{\"type\":\"identify\",\"messageId\":\"m-012\",\"traits\":{\"email\":\"c3@x.com\",\"signup_date\":1695663064128}}",
          "{\"type\":\"identify\",\"messageId\":\"m-013\",\"traits\":{\"email\":\"c4@x.com\",\"signup_date\":\"2023-09-25T23:30:00-05:00\"}}",
          "{\"type\":\"identify\",\"messageId\":\"m-014\",\"traits\":{\"email\":\"c5@x.com\",\"signup_date\":\"next tuesday\"}}");
      assertThat(h.writes()).hasSize(1);
      assertCall(h.writes().get(0), "POST /crm/v3/objects/contacts/batch/upsert", """
          {"inputs":[
           {"idProperty":"email","id":"c1@x.com","objectWriteTraceId":"m-010","properties":{"email":"c1@x.com","signup_date":"2023-09-25"}},
           {"idProperty":"email","id":"c2@x.com","objectWriteTraceId":"m-011","properties":{"email":"c2@x.com","signup_date":"2023-09-25"}},
           {"idProperty":"email","id":"c3@x.com","objectWriteTraceId":"m-012","properties":{"email":"c3@x.com","signup_date":"2023-09-25"}},
           {"idProperty":"email","id":"c4@x.com","objectWriteTraceId":"m-013","properties":{"email":"c4@x.com","signup_date":"2023-09-26"}},
           {"idProperty":"email","id":"c5@x.com","objectWriteTraceId":"m-014","properties":{"email":"c5@x.com"}}]}""");
      assertThat(results).extracting(MessageResult::outcome).containsExactly(Outcome.DELIVERED, Outcome.DELIVERED,
          Outcome.DELIVERED, Outcome.DELIVERED, Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(codes(results.get(4))).containsExactly("INVALID_DATE:signup_date");
    }
  }

  @Test
  void v05_datetimeProperty() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      h.deliver(
          "{\"type\":\"identify\",\"messageId\":\"m-020\",\"traits\":{\"email\":\"d1@x.com\",\"last_login\":\"2024-01-08T15:52:50+02:00\"}}",
          "{\"type\":\"identify\",\"messageId\":\"m-021\",\"traits\":{\"email\":\"d2@x.com\",\"last_login\":1704721970212}}",
          "{\"type\":\"identify\",\"messageId\":\"m-022\",\"traits\":{\"email\":\"d3@x.com\",\"last_login\":\"2024-01-08\"}}");
      var inputs = tree(h.writes().get(0).body()).path("inputs");
      assertThat(inputs.get(0).path("properties").path("last_login").asText()).isEqualTo("2024-01-08T13:52:50.000Z");
      assertThat(inputs.get(1).path("properties").path("last_login").asText()).isEqualTo("2024-01-08T13:52:50.212Z");
      assertThat(inputs.get(2).path("properties").path("last_login").asText()).isEqualTo("2024-01-08T00:00:00.000Z");
    }
  }

  @Test
  void v06_numberProperty() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var results = h.deliver(
          "{\"type\":\"identify\",\"messageId\":\"m-030\",\"traits\":{\"email\":\"n1@x.com\",\"seats\":\"42\"}}",
          "{\"type\":\"identify\",\"messageId\":\"m-031\",\"traits\":{\"email\":\"n2@x.com\",\"seats\":12.50}}",
          "{\"type\":\"identify\",\"messageId\":\"m-032\",\"traits\":{\"email\":\"n3@x.com\",\"seats\":\"abc\"}}");
      var inputs = tree(h.writes().get(0).body()).path("inputs");
      assertThat(inputs.get(0).path("properties")).isEqualTo(tree("{\"email\":\"n1@x.com\",\"seats\":\"42\"}"));
      assertThat(inputs.get(1).path("properties")).isEqualTo(tree("{\"email\":\"n2@x.com\",\"seats\":\"12.5\"}"));
      assertThat(inputs.get(2).path("properties")).isEqualTo(tree("{\"email\":\"n3@x.com\"}"));
      assertThat(results).extracting(MessageResult::outcome)
          .containsExactly(Outcome.DELIVERED, Outcome.DELIVERED, Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(codes(results.get(2))).containsExactly("INVALID_NUMBER:seats");
    }
  }

  @Test
  void v06_failEventDropsTheWholeMessageWithoutACall() {
    try (var h = new PipelineHarness(TestSettings.s0("{\"invalidValuePolicy\":\"failEvent\"}"))) {
      var r = h.deliver("{\"type\":\"identify\",\"messageId\":\"m-032\",\"traits\":{\"email\":\"n3@x.com\",\"seats\":\"abc\"}}").get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(r.reason()).isEqualTo(Reason.INVALID_NUMBER);
      assertThat(h.writes()).isEmpty();
    }
  }

  @Test
  void v07_booleans() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var results = h.deliver(
          "{\"type\":\"identify\",\"messageId\":\"m-033\",\"traits\":{\"email\":\"b1@x.com\",\"is_vip\":\"TRUE\",\"legacy_flag\":false}}",
          "{\"type\":\"identify\",\"messageId\":\"m-034\",\"traits\":{\"email\":\"b2@x.com\",\"is_vip\":{\"a\":1}}}");
      var inputs = tree(h.writes().get(0).body()).path("inputs");
      assertThat(inputs.get(0).path("properties"))
          .isEqualTo(tree("{\"email\":\"b1@x.com\",\"is_vip\":\"true\",\"legacy_flag\":\"false\"}"));
      assertThat(inputs.get(1).path("properties")).isEqualTo(tree("{\"email\":\"b2@x.com\"}"));
      assertThat(codes(results.get(1))).containsExactly("INVALID_BOOLEAN:is_vip");
    }
  }

  @Test
  void v08_multiCheckboxTextareaArrayAndObjectInText() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("""
          {"type":"identify","messageId":"m-035","traits":{"email":"g@x.com","interests":["golf","Tennis","bowling"],
           "tags":["a","b",3],"favorite_color":{"primary":"blue"}}}""").get(0);
      assertThat(tree(h.writes().get(0).body()).path("inputs").get(0).path("properties")).isEqualTo(tree("""
          {"email":"g@x.com","interests":"golf;tennis","tags":"a;b;3","favorite_color":"{\\"primary\\":\\"blue\\"}"}"""));
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(codes(r)).containsExactly("INVALID_OPTION:interests");
      assertThat(r.warnings().get(0).message()).contains("bowling").contains("Tennis->tennis");
    }
  }

  @Test
  void v09_nullEmptyAndTrimming() {
    String message = """
        {"type":"identify","messageId":"m-036","traits":{"email":"h@x.com","phone":null,"lastName":"","firstName":"  Jane\\u200b "}}""";
    try (var h = new PipelineHarness(TestSettings.s0())) {
      h.deliver(message);
      assertThat(tree(h.writes().get(0).body()).path("inputs").get(0).path("properties"))
          .isEqualTo(tree("{\"email\":\"h@x.com\",\"phone\":\"\",\"lastname\":\"\",\"firstname\":\"Jane\"}"));
    }
    try (var h = new PipelineHarness(TestSettings.s0("{\"nullPolicy\":\"ignore\"}"))) {
      h.deliver(message);
      assertThat(tree(h.writes().get(0).body()).path("inputs").get(0).path("properties"))
          .isEqualTo(tree("{\"email\":\"h@x.com\",\"lastname\":\"\",\"firstname\":\"Jane\"}"));
    }
  }

  @Test
  void v10_noIdentifierMeansNoCall() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("{\"type\":\"identify\",\"messageId\":\"m-037\",\"traits\":{\"firstName\":\"NoEmail\"}}").get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(r.reason()).isEqualTo(Reason.MISSING_IDENTIFIER);
      assertThat(h.writes()).isEmpty();
    }
  }

  @Test
  void v12_knownHubSpotIdUpdatesByIdWithoutIdProperty() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("""
          {"type":"identify","messageId":"m-040","userId":"u-1","traits":{"firstName":"J"},
           "context":{"externalIds":[{"id":"501","type":"hubspot_contact_id","collection":"users","encoding":"none"}]}}""").get(0);
      assertCall(h.writes().get(0), "POST /crm/v3/objects/contacts/batch/update",
          "{\"inputs\":[{\"id\":\"501\",\"objectWriteTraceId\":\"m-040\",\"properties\":{\"firstname\":\"J\"}}]}");
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }

  @Test
  void v13_userIdPropertySurvivesAnEmailChange() {
    try (var h = new PipelineHarness(TestSettings.s0("{\"userIdProperty\":\"segment_user_id\"}"))) {
      h.deliver("{\"type\":\"identify\",\"messageId\":\"m-041\",\"userId\":\"u-7\",\"traits\":{\"email\":\"New@X.com\"}}");
      assertCall(h.writes().get(0), "POST /crm/v3/objects/contacts/batch/upsert", """
          {"inputs":[{"idProperty":"segment_user_id","id":"u-7","objectWriteTraceId":"m-041","properties":{
            "segment_user_id":"u-7","email":"new@x.com"}}]}""");
    }
  }

  @Test
  void v13_emailOfAnotherUsersContactIsANonRetryableConflict() {
    var hubspot = new ScriptedHubSpot()
        .script("POST /crm/v3/objects/contacts/batch/upsert", Answer.of(409, """
            {"status":"error","message":"Contact already exists. Existing ID: 777","correlationId":"c-1","category":"CONFLICT"}"""))
        .script("POST /crm/v3/objects/contacts/batch/read", Answer.of(200, """
            {"status":"COMPLETE","results":[{"id":"777","properties":{"segment_user_id":"u-other","email":"new@x.com"}}]}"""));
    try (var h = new PipelineHarness(TestSettings.s0("{\"userIdProperty\":\"segment_user_id\"}"), hubspot)) {
      var r = h.deliver("""
          {"type":"identify","messageId":"m-041","userId":"u-7","traits":{"email":"New@X.com","firstName":"N"}}""").get(0);
      assertThat(h.writes()).extracting(c -> c.path()).containsExactly("/crm/v3/objects/contacts/batch/upsert",
          "/crm/v3/objects/contacts/batch/read");
      assertThat(r.outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(r.isFinal()).as("no retry can fix it").isTrue();
      assertThat(r.reason()).isEqualTo(Reason.EMAIL_CONFLICT);
      assertThat(r.detail()).contains("new@x.com").contains("777").contains("u-other").contains("u-7")
          .contains("Contact already exists. Existing ID: 777");
    }
  }

  @Test
  void v13_aConflictHubSpotNamesNoContactForIsDroppedWithItsMessage() {
    var hubspot = new ScriptedHubSpot().script("POST /crm/v3/objects/contacts/batch/upsert", Answer.of(409, """
        {"status":"error","message":"A contact with this email already exists","correlationId":"c-2","category":"CONFLICT"}"""));
    try (var h = new PipelineHarness(TestSettings.s0("{\"userIdProperty\":\"segment_user_id\"}"), hubspot)) {
      var r = h.deliver("""
          {"type":"identify","messageId":"m-042","userId":"u-8","traits":{"email":"taken@x.com"}}""").get(0);
      assertThat(h.writes()).hasSize(1);
      assertThat(r.outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(r.reason()).isEqualTo(Reason.EMAIL_CONFLICT);
      assertThat(r.detail()).contains("taken@x.com").contains("A contact with this email already exists");
    }
  }

  @Test
  void v13_aContactWithTheEmailButNoUserIdIsClaimedNotDuplicated() {
    var hubspot = new ScriptedHubSpot()
        .script("POST /crm/v3/objects/contacts/batch/upsert", Answer.of(409, """
            {"status":"error","message":"Contact already exists. Existing ID: 777","correlationId":"c-1","category":"CONFLICT"}"""))
        .script("POST /crm/v3/objects/contacts/batch/read", Answer.of(200, """
            {"status":"COMPLETE","results":[{"id":"777","properties":{"segment_user_id":null,"email":"new@x.com"}}]}"""));
    try (var h = new PipelineHarness(TestSettings.s0("{\"userIdProperty\":\"segment_user_id\"}"), hubspot)) {
      var r = h.deliver("""
          {"type":"identify","messageId":"m-041","userId":"u-7","traits":{"email":"New@X.com","firstName":"N"}}""").get(0);
      assertThat(h.writes().get(2).path()).isEqualTo("/crm/v3/objects/contacts/batch/update");
      assertThat(tree(h.writes().get(2).body())).isEqualTo(tree("""
          {"inputs":[{"id":"777","objectWriteTraceId":"m-041","properties":{"segment_user_id":"u-7","email":"new@x.com","firstname":"N"}}]}"""));
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(h.memory.ids().contactByUser("u-7")).isEqualTo("777");
    }
  }

  @Test
  void v14_inBatchDedupeMergesWithLatestTimestampWinning() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var results = h.deliver(
          "{\"type\":\"identify\",\"messageId\":\"m-051\",\"timestamp\":\"2024-05-01T10:00:01Z\",\"traits\":{\"email\":\"DUP@x.com\",\"firstName\":\"Updated\",\"phone\":\"1\"}}",
          "{\"type\":\"identify\",\"messageId\":\"m-050\",\"timestamp\":\"2024-05-01T10:00:00Z\",\"traits\":{\"email\":\"dup@x.com\",\"firstName\":\"First\",\"lastName\":\"Version\"}}");
      assertThat(h.writes()).hasSize(1);
      var inputs = tree(h.writes().get(0).body()).path("inputs");
      assertThat(inputs).hasSize(1);
      assertThat(inputs.get(0).path("properties"))
          .isEqualTo(tree("{\"email\":\"dup@x.com\",\"firstname\":\"Updated\",\"lastname\":\"Version\",\"phone\":\"1\"}"));
      assertThat(results).extracting(MessageResult::outcome).containsExactly(Outcome.DELIVERED, Outcome.DELIVERED);
    }
  }

  @Test
  void v16_chunksOf100InArrivalOrder() {
    String[] messages = new String[150];
    for (int i = 0; i < 150; i++) {
      messages[i] = String.format("{\"type\":\"identify\",\"messageId\":\"m-%03d\",\"traits\":{\"email\":\"u%03d@x.com\"}}", i, i);
    }
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var results = h.deliver(messages);
      assertThat(h.writes()).hasSize(2);
      var first = tree(h.writes().get(0).body()).path("inputs");
      var second = tree(h.writes().get(1).body()).path("inputs");
      assertThat(first).hasSize(100);
      assertThat(second).hasSize(50);
      assertThat(first.get(0).path("id").asText()).isEqualTo("u000@x.com");
      assertThat(second.get(49).path("id").asText()).isEqualTo("u149@x.com");
      assertThat(results).allMatch(r -> r.outcome() == Outcome.DELIVERED);
    }
  }

  @Test
  void v17_207PartialSuccessFailsOnlyTheNamedInputWithoutResend() {
    var hubspot = new ScriptedHubSpot().script("POST /crm/v3/objects/contacts/batch/upsert", Answer.of(207, """
        {"status":"COMPLETE","results":[{"id":"601","properties":{"email":"ok@x.com"}}],"numErrors":1,
         "errors":[{"status":"error","category":"VALIDATION_ERROR",
          "message":"Property values were not valid: [{\\"isValid\\":false,\\"message\\":\\"Email address x@mail.con is invalid\\",\\"error\\":\\"INVALID_EMAIL\\",\\"name\\":\\"email\\"}]",
          "context":{"objectWriteTraceId":["m-071"]}}]}"""));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var results = h.deliver(
          "{\"type\":\"identify\",\"messageId\":\"m-070\",\"traits\":{\"email\":\"ok@x.com\"}}",
          "{\"type\":\"identify\",\"messageId\":\"m-071\",\"traits\":{\"email\":\"x@mail.con\"}}");
      assertThat(h.writes()).hasSize(1);
      assertThat(results.get(0).outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(results.get(1).outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(results.get(1).reason()).isEqualTo(Reason.HUBSPOT_VALIDATION);
      assertThat(results.get(1).detail()).contains("INVALID_EMAIL");
    }
  }

  @Test
  void v19_engageAudienceEnteredSetsTheCheckbox() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      var r = h.deliver("""
          {"type":"identify","messageId":"m-090","userId":"u-1","traits":{"email":"e@x.com","vip_users":true},
           "context":{"personas":{"computation_class":"audience","computation_key":"vip_users","space_id":"spa_1"}}}""").get(0);
      assertThat(tree(h.writes().get(0).body()).path("inputs").get(0).path("properties"))
          .isEqualTo(tree("{\"email\":\"e@x.com\",\"vip_users\":\"true\"}"));
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }
}
