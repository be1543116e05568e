package io.hsdest.delivery;

import static io.hsdest.testkit.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.delivery.run.Engine;
import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.testkit.ScriptedHubSpot;
import io.hsdest.testkit.ScriptedHubSpot.Answer;
import io.hsdest.testkit.TestSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How delivery reacts to each class of HubSpot answer (cloud-mode.md a.10, vectors V41, V42, V45). */
class FailureHandlingTest {
  private static final String UPSERT = "POST /crm/v3/objects/contacts/batch/upsert";
  private static final String IDENTIFY = "{\"type\":\"identify\",\"messageId\":\"m-001\",\"traits\":{\"email\":\"jane@x.com\",\"firstName\":\"Jane\"}}";
  private static final String RATE_LIMITED = """
      {"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT",
       "policyName":"TEN_SECONDLY_ROLLING","correlationId":"c-41"}""";

  private static List<String> codes(MessageResult r) {
    return r.warnings().stream().map(Warning::toString).toList();
  }

  @Test
  void v41_429WithRetryAfterWaitsThenResendsTheIdenticalBody() {
    var hubspot = new ScriptedHubSpot().script(UPSERT, Answer.withHeaders(429, Map.of("Retry-After", "1",
        "X-HubSpot-RateLimit-Max", "100", "X-HubSpot-RateLimit-Remaining", "0"), RATE_LIMITED));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      long started = h.time.now();
      var r = h.deliver(IDENTIFY).get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(h.time.now() - started).isGreaterThanOrEqualTo(950);
      assertThat(h.writes()).hasSize(2);
      assertThat(tree(h.writes().get(1).body())).isEqualTo(tree(h.writes().get(0).body()));
    }
  }

  @Test
  void v41_429WithoutRetryAfterPausesTheTenSecondWindowThenResendsTheIdenticalBody() {
    var hubspot = new ScriptedHubSpot().script(UPSERT, Answer.withHeaders(429, Map.of("X-HubSpot-RateLimit-Max", "100",
        "X-HubSpot-RateLimit-Remaining", "0", "X-HubSpot-RateLimit-Interval-Milliseconds", "10000"), RATE_LIMITED));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      long started = h.time.now();
      var r = h.deliver(20_000, IDENTIFY).get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(h.time.now() - started).as("the portal paused for HubSpot's 10 s window").isGreaterThanOrEqualTo(9_900);
      assertThat(h.writes()).hasSize(2);
      assertThat(tree(h.writes().get(1).body())).isEqualTo(tree(h.writes().get(0).body()));
    }
  }

  @Test
  void v41_theDailyLimitHoldsTheMessageForTheClientToResendLater() {
    var hubspot = new ScriptedHubSpot().script(UPSERT, Answer.of(429, """
        {"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY","correlationId":"c-d"}"""));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var r = h.deliver(1_000, IDENTIFY).get(0);
      assertThat(r.isFinal()).isFalse();
      assertThat(r.pending().kind()).isEqualTo(Pending.Kind.RATE_LIMITED);
      assertThat(r.pending().retryAfterMs()).isPositive();
      assertThat(h.writes()).as("no retry loop against a spent daily limit").hasSize(1);
    }
  }

  @Test
  void v41_a429ThatOutlastsTheRequestIsAnswered429NotFinal() {
    var hubspot = new ScriptedHubSpot().script(UPSERT, Answer.of(429, RATE_LIMITED));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var r = h.deliver(1_000, IDENTIFY).get(0);
      assertThat(r.isFinal()).isFalse();
      assertThat(r.pending().kind()).isEqualTo(Pending.Kind.RATE_LIMITED);
      assertThat(r.pending().retryAfterMs()).isGreaterThan(5_000);
    }
  }

  @Test
  void v42_5xxIsRetriedWithBackoffUntilDelivered() {
    var hubspot = new ScriptedHubSpot().script(UPSERT,
        Answer.of(502, "{\"status\":\"error\",\"message\":\"Bad gateway\",\"category\":\"INTERNAL_ERROR\"}"),
        Answer.of(503, "{\"status\":\"error\",\"message\":\"Service unavailable\"}"));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      long started = h.time.now();
      var r = h.deliver(IDENTIFY).get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(h.writes()).hasSize(3);
      // full jitter: up to 1 s, then up to 2 s
      assertThat(h.time.now() - started).isLessThanOrEqualTo(3_000);
    }
  }

  @Test
  void v42_501IsNotRetried() {
    var hubspot = new ScriptedHubSpot().script(UPSERT, Answer.of(501, "{\"status\":\"error\",\"message\":\"Not implemented\"}"));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var r = h.deliver(IDENTIFY).get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(r.reason()).isEqualTo(Reason.HUBSPOT_501);
      assertThat(h.writes()).hasSize(1);
    }
  }

  @Test
  void noAnswerAtAllIsRetried() {
    var hubspot = new ScriptedHubSpot().script(UPSERT, Answer.noAnswer());
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      assertThat(h.deliver(IDENTIFY).get(0).outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(h.writes()).hasSize(2);
    }
  }

  @Test
  void hubSpotDownLongerThanTheRequestMeans503AndTheQueueIsEmptied() {
    var hubspot = new ScriptedHubSpot();
    for (int i = 0; i < 20; i++) hubspot.script(UPSERT, Answer.of(503, "{\"status\":\"error\",\"message\":\"down\"}"));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var r = h.deliver(800, IDENTIFY).get(0);
      assertThat(r.isFinal()).isFalse();
      assertThat(r.pending().kind()).isEqualTo(Pending.Kind.UNAVAILABLE);
      var status = h.await(h.delivery.engine().status(), 1_000);
      assertThat(status.get("queuedOperations")).isEqualTo(0);
    }
  }

  @Test
  void v45_401HoldsTheDestinationUntilTheTokenWorksAgain() throws Exception {
    var hubspot = new ScriptedHubSpot()
        .script(UPSERT, Answer.of(401, """
            {"status":"error","message":"Authentication credentials not found.","correlationId":"c-45","category":"INVALID_AUTHENTICATION"}"""))
        .script("GET /crm/v3/objects/contacts?limit=1", Answer.of(200, "{\"results\":[]}"));
    var config = new Engine.Config(16, 100_000, 300, Engine.Config.DEFAULT.pendingAssociationTtlMs());
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot, config)) {
      var first = h.deliver(IDENTIFY).get(0);
      assertThat(first.isFinal()).isFalse();
      assertThat(first.pending().kind()).isEqualTo(Pending.Kind.UNAVAILABLE);
      assertThat(first.pending().why()).contains("token");
      int writes = h.writes().size();
      var held = h.deliver(IDENTIFY).get(0);
      assertThat(held.isFinal()).isFalse();
      assertThat(h.writes()).hasSize(writes);
      h.time.advance(700);
      assertThat(hubspot.calls()).as("the token is probed").anyMatch(c -> c.path().startsWith("/crm/v3/objects/contacts?limit=1"));
      assertThat(h.deliver(IDENTIFY).get(0).outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }

  @Test
  void a403ForAMissingScopeHoldsOnlyWhatNeedsThatEndpoint() throws Exception {
    var hubspot = new ScriptedHubSpot().script("POST /events/v3/send", Answer.of(403, """
        {"status":"error","message":"This app hasn't been granted all required scopes to make this call.","correlationId":"c-403",
         "category":"MISSING_SCOPES","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["behavioral_events.event_definitions.read_write"]}}]}"""));
    var config = new Engine.Config(16, 100_000, 300, Engine.Config.DEFAULT.pendingAssociationTtlMs());
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot, config)) {
      String track = "{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"t-1\",\"properties\":{\"email\":\"t@x.com\"}}";
      var first = h.deliver(5_000, IDENTIFY, track);
      assertThat(first.get(0).outcome()).as("the contact is written all the same").isEqualTo(Outcome.DELIVERED);
      assertThat(first.get(1).isFinal()).isFalse();
      assertThat(first.get(1).pending().kind()).isEqualTo(Pending.Kind.UNAVAILABLE);
      assertThat(first.get(1).pending().why()).contains("scope").contains("events_send");
      assertThat(h.deliver(5_000, "{\"type\":\"identify\",\"messageId\":\"m-2\",\"traits\":{\"email\":\"b@x.com\"}}").get(0).outcome())
          .as("the destination is not held").isEqualTo(Outcome.DELIVERED);
      h.time.advance(400);
      assertThat(h.deliver(5_000, track).get(0).outcome()).as("tried again once the pause is over").isEqualTo(Outcome.DELIVERED);
    }
  }

  @Test
  void attributable400IsRepairedAndResentOnceWithAWarning() {
    var hubspot = new ScriptedHubSpot().script(UPSERT, Answer.of(400, """
        {"status":"error","message":"Property values were not valid: [{\\"isValid\\":false,\\"message\\":\\"x was not one of the allowed options\\",\\"error\\":\\"INVALID_OPTION\\",\\"name\\":\\"plan_tier\\"}]",
         "correlationId":"c-1","category":"VALIDATION_ERROR","context":{"objectWriteTraceId":["m-1"]}}"""));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var r = h.deliver("{\"type\":\"identify\",\"messageId\":\"m-1\",\"traits\":{\"email\":\"p@x.com\",\"plan_tier\":\"pro\",\"firstName\":\"P\"}}").get(0);
      assertThat(h.writes()).hasSize(2);
      assertThat(tree(h.writes().get(1).body()).path("inputs").get(0).path("properties"))
          .isEqualTo(tree("{\"email\":\"p@x.com\",\"firstname\":\"P\"}"));
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(codes(r)).containsExactly("INVALID_OPTION:plan_tier");
    }
  }

  @Test
  void missingPropertyIsStrippedFromEveryInputOfTheBatch() {
    var hubspot = new ScriptedHubSpot().script(UPSERT, Answer.of(400, """
        {"status":"error","message":"Property values were not valid: [{\\"isValid\\":false,\\"message\\":\\"Property \\\\\\"seats\\\\\\" does not exist\\",\\"error\\":\\"PROPERTY_DOESNT_EXIST\\",\\"name\\":\\"seats\\"}]",
         "correlationId":"c-2","category":"VALIDATION_ERROR",
         "errors":[{"message":"Property \\"seats\\" does not exist","code":"PROPERTY_DOESNT_EXIST","context":{"propertyName":["seats"]}}]}"""));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var results = h.deliver(
          "{\"type\":\"identify\",\"messageId\":\"a\",\"traits\":{\"email\":\"a@x.com\",\"seats\":3}}",
          "{\"type\":\"identify\",\"messageId\":\"b\",\"traits\":{\"email\":\"b@x.com\",\"firstName\":\"B\"}}");
      assertThat(h.writes()).hasSize(2);
      assertThat(tree(h.writes().get(1).body()).path("inputs").get(0).path("properties")).isEqualTo(tree("{\"email\":\"a@x.com\"}"));
      assertThat(results.get(0).outcome()).isEqualTo(Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(results.get(1).outcome()).isEqualTo(Outcome.DELIVERED);
      h.deliver("{\"type\":\"identify\",\"messageId\":\"c\",\"traits\":{\"email\":\"c@x.com\"}}");
      assertThat(h.hubspot.calls().stream().filter(c -> c.path().equals("/crm/v3/properties/contacts")).count())
          .as("the schema is read again after HubSpot said a property does not exist").isEqualTo(2);
    }
  }

  @Test
  void unattributable400IsSplitUntilTheBadInputStandsAlone() {
    String invalid = "{\"status\":\"error\",\"message\":\"Something in the batch is wrong\",\"category\":\"VALIDATION_ERROR\"}";
    // HubSpot refuses any batch holding u2's input, without saying which input: 8 -> 4 -> 2 -> 1.
    var hubspot = new ScriptedHubSpot().when(ScriptedHubSpot.bodyContains("u2@x.com"), Answer.of(400, invalid));
    String[] messages = new String[8];
    for (int i = 0; i < 8; i++) messages[i] = "{\"type\":\"identify\",\"messageId\":\"m" + i + "\",\"traits\":{\"email\":\"u" + i + "@x.com\"}}";
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var results = h.deliver(messages);
      assertThat(results.get(2).outcome()).isEqualTo(Outcome.DROPPED);
      assertThat(results.get(2).reason()).isEqualTo(Reason.HUBSPOT_VALIDATION);
      assertThat(results).filteredOn(r -> r.outcome() == Outcome.DELIVERED).hasSize(7);
      assertThat(h.writes().size()).as("bisection, not one call per input").isLessThanOrEqualTo(8);
    }
  }

  @Test
  void aRefusedEventBatchIsSplitSoOneBadOccurrenceCannotSinkTheOthers() {
    var hubspot = new ScriptedHubSpot().when(ScriptedHubSpot.bodyContains("e1@x.com"),
        Answer.of(400, "{\"status\":\"error\",\"message\":\"invalid occurrence\",\"category\":\"VALIDATION_ERROR\"}"));
    String[] tracks = new String[3];
    for (int i = 0; i < 3; i++) {
      tracks[i] = "{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"t" + i + "\",\"properties\":{\"email\":\"e" + i + "@x.com\"}}";
    }
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var results = h.deliver(tracks);
      assertThat(results).extracting(MessageResult::outcome)
          .containsExactly(Outcome.DELIVERED, Outcome.DROPPED, Outcome.DELIVERED);
      assertThat(h.writes().get(0).path()).isEqualTo("/events/v3/send/batch");
    }
  }

  @Test
  void lifecycleKeptByHubSpotIsAWarningUnlessBackwardIsAllowed() {
    var kept = new ScriptedHubSpot().keeps("lifecyclestage", "customer");
    try (var h = new PipelineHarness(TestSettings.s0("{\"allowLifecycleStageBackward\":false}"), kept)) {
      var r = h.deliver("{\"type\":\"identify\",\"messageId\":\"l\",\"traits\":{\"email\":\"l@x.com\",\"lifecycleStage\":\"lead\"}}").get(0);
      assertThat(codes(r)).containsExactly("LIFECYCLE_STAGE_KEPT:lifecyclestage");
      assertThat(h.writes()).hasSize(1);
    }
    var keptOnce = new ScriptedHubSpot().id("email=l@x.com", "777").script(UPSERT, Answer.of(200, """
        {"status":"COMPLETE","results":[{"id":"777","properties":{"email":"l@x.com","lifecyclestage":"customer"},"new":false}]}"""));
    try (var h = new PipelineHarness(TestSettings.s0("{\"allowLifecycleStageBackward\":true}"), keptOnce)) {
      var r = h.deliver("{\"type\":\"identify\",\"messageId\":\"l\",\"traits\":{\"email\":\"l@x.com\",\"lifecycleStage\":\"lead\"}}").get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(h.writes()).hasSize(3);
      assertThat(tree(h.writes().get(1).body()))
          .isEqualTo(tree("{\"inputs\":[{\"id\":\"777\",\"objectWriteTraceId\":\"l\",\"properties\":{\"lifecyclestage\":\"\"}}]}"));
      assertThat(tree(h.writes().get(2).body()))
          .isEqualTo(tree("{\"inputs\":[{\"id\":\"777\",\"objectWriteTraceId\":\"l\",\"properties\":{\"lifecyclestage\":\"lead\"}}]}"));
    }
  }

  @Test
  void newContactsAreMadeNonMarketingOnlyWhenCreated() {
    try (var h = new PipelineHarness(TestSettings.s0("{\"createContactsAsNonMarketing\":true}"))) {
      h.deliver("{\"type\":\"identify\",\"messageId\":\"n1\",\"traits\":{\"email\":\"new@x.com\"}}");
      assertThat(h.writes()).hasSize(2);
      assertThat(h.writes().get(1).path()).isEqualTo("/crm/v3/objects/contacts/batch/update");
      assertThat(tree(h.writes().get(1).body()).path("inputs").get(0).path("properties"))
          .isEqualTo(tree("{\"hs_marketable_status\":\"false\"}"));
      h.hubspot.clear();
      h.deliver("{\"type\":\"identify\",\"messageId\":\"n2\",\"traits\":{\"email\":\"new@x.com\",\"firstName\":\"Again\"}}");
      assertThat(h.writes()).as("an existing contact keeps its marketing status").hasSize(1);
    }
  }

  @Test
  void aStaleRecordIdIsForgottenAndTheWriteBecomesAnUpsert() {
    var hubspot = new ScriptedHubSpot().script("POST /crm/v3/objects/contacts/batch/update", Answer.of(207, """
        {"status":"COMPLETE","results":[],"numErrors":1,"errors":[{"status":"error","category":"OBJECT_NOT_FOUND",
          "message":"Could not get some CONTACT objects, they may be deleted or not exist.","context":{"ids":["501"]}}]}"""));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      var r = h.deliver("""
          {"type":"identify","messageId":"s","userId":"u-1","traits":{"email":"s@x.com","firstName":"S"},
           "context":{"externalIds":[{"id":"501","type":"hubspot_contact_id"}]}}""").get(0);
      assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(codes(r)).as("the client is told its id was stale").containsExactly("STALE_RECORD_ID");
      assertThat(h.writes()).hasSize(2);
      assertThat(h.writes().get(1).path()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
      assertThat(tree(h.writes().get(1).body()).path("inputs").get(0).path("id").asText()).isEqualTo("s@x.com");
    }
  }

  @Test
  void lateMessagesNeverOverwriteNewerValues() {
    try (var h = new PipelineHarness(TestSettings.s0())) {
      h.deliver("{\"type\":\"identify\",\"messageId\":\"new\",\"timestamp\":\"2024-05-01T10:00:05Z\",\"traits\":{\"email\":\"w@x.com\",\"firstName\":\"New\"}}");
      h.deliver("{\"type\":\"identify\",\"messageId\":\"old\",\"timestamp\":\"2024-05-01T10:00:01Z\",\"traits\":{\"email\":\"w@x.com\",\"firstName\":\"Old\",\"phone\":\"1\"}}");
      assertThat(tree(h.writes().get(1).body()).path("inputs").get(0).path("properties"))
          .isEqualTo(tree("{\"email\":\"w@x.com\",\"phone\":\"1\"}"));
    }
  }

  @Test
  void oneUsersEventWaitsForTheirContactWriteAcrossRequests() {
    var hubspot = new ScriptedHubSpot().id("email=o@x.com", "808");
    try (var h = new PipelineHarness(TestSettings.s0("{\"maxBatchDelayMs\":200}"), hubspot)) {
      var identify = h.delivery.pipeline().deliver(List.of(io.hsdest.ingest.TestMessages.parse(
          "{\"type\":\"identify\",\"messageId\":\"i\",\"userId\":\"u-9\",\"traits\":{\"email\":\"o@x.com\"}}")), 5_000);
      var track = h.delivery.pipeline().deliver(List.of(io.hsdest.ingest.TestMessages.parse(
          "{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"t\",\"userId\":\"u-9\",\"properties\":{\"plan\":\"pro\"}}")), 5_000);
      assertThat(h.await(track, 60_000).get(0).outcome()).isEqualTo(Outcome.DELIVERED);
      h.await(identify, 60_000);
      assertThat(h.writes().get(0).path()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
      assertThat(tree(h.writes().get(1).body()).path("objectId").asText()).isEqualTo("808");
    }
  }

  @Test
  void aWithdrawnMessageLeavesAMergedInputAndOnlyItsOwnValuesGo() throws Exception {
    var hubspot = new ScriptedHubSpot().script(UPSERT, Answer.of(503, "{\"status\":\"error\",\"message\":\"down\"}"));
    try (var h = new PipelineHarness(TestSettings.s0("{\"maxBatchDelayMs\":100}"), hubspot)) {
      var impatient = h.delivery.pipeline().deliver(List.of(io.hsdest.ingest.TestMessages.parse(
          "{\"type\":\"identify\",\"messageId\":\"a\",\"traits\":{\"email\":\"m@x.com\",\"phone\":\"111\"}}")), 300);
      var patient = h.delivery.pipeline().deliver(List.of(io.hsdest.ingest.TestMessages.parse(
          "{\"type\":\"identify\",\"messageId\":\"b\",\"traits\":{\"email\":\"m@x.com\",\"firstName\":\"B\"}}")), 10_000);
      assertThat(h.await(impatient, 60_000).get(0).isFinal()).isFalse();
      assertThat(h.await(patient, 60_000).get(0).outcome()).isEqualTo(Outcome.DELIVERED);
      var first = tree(h.writes().get(0).body()).path("inputs");
      assertThat(first).hasSize(1);
      assertThat(first.get(0).path("properties").has("phone")).as("merged in the first attempt").isTrue();
      var last = tree(h.writes().get(h.writes().size() - 1).body()).path("inputs").get(0).path("properties");
      assertThat(last).isEqualTo(tree("{\"email\":\"m@x.com\",\"firstname\":\"B\"}"));
    }
  }

  @Test
  void whenHubSpotIsDownRequestsAreAnswered503AtOnceInsteadOfHammeringIt() throws Exception {
    var hubspot = new ScriptedHubSpot();
    for (int i = 0; i < 3; i++) hubspot.script(UPSERT, Answer.of(502, "{\"status\":\"error\",\"message\":\"Bad gateway\"}"));
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      long started = h.time.now();
      var first = h.deliver(30_000, IDENTIFY).get(0);
      assertThat(first.isFinal()).isFalse();
      assertThat(first.pending().why()).contains("not answering");
      assertThat(h.time.now() - started).as("answered when the outage was seen, not at the deadline").isLessThan(15_000);
      int calls = h.writes().size();
      assertThat(calls).isEqualTo(3);
      var refused = h.deliver(30_000, IDENTIFY).get(0);
      assertThat(refused.isFinal()).isFalse();
      assertThat(h.writes()).as("no call while HubSpot is taken to be down").hasSize(calls);
      h.time.advance(refused.pending().retryAfterMs() + 100);
      assertThat(h.deliver(IDENTIFY).get(0).outcome()).isEqualTo(Outcome.DELIVERED);
    }
  }
}
