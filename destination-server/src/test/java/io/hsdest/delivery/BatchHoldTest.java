package io.hsdest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.mapping.Outcome;
import io.hsdest.testkit.ScriptedHubSpot;
import io.hsdest.testkit.ScriptedHubSpot.Answer;
import io.hsdest.testkit.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch past its delay holds for operations of the same requests that are still on their way
 * (an event waiting for its contact), so one call carries them all; but never for long when the
 * step they wait for is slow.
 */
class BatchHoldTest {
  /** A user whose contact is known: the event can go at once. */
  private static final String KNOWN_USER_TRACK = """
      {"type":"track","event":"Signed Up","messageId":"t-known","userId":"u-1","properties":{"plan":"pro"}}""";
  private static final String NEW_USER_IDENTIFY = """
      {"type":"identify","messageId":"i-new","userId":"u-2","traits":{"email":"new@x.com"}}""";
  /** By userId only: the event needs the contact id the identify gets. */
  private static final String NEW_USER_TRACK = """
      {"type":"track","event":"Signed Up","messageId":"t-new","userId":"u-2","properties":{"plan":"free"}}""";

  private static List<HubSpotCall> events(List<HubSpotCall> writes) {
    return writes.stream().filter(c -> c.path().startsWith("/events/v3/send")).toList();
  }

  @Test
  void anEventBatchWaitsForTheEventsOfItsRequestThatWaitForTheirContact() {
    try (var h = new PipelineHarness(TestSettings.s0()).remember("u-1", null, "501")) {
      var results = h.deliver(KNOWN_USER_TRACK, NEW_USER_IDENTIFY, NEW_USER_TRACK);
      assertThat(results).allMatch(r -> r.outcome() == Outcome.DELIVERED || r.outcome() == Outcome.DELIVERED_WITH_WARNINGS);
      List<HubSpotCall> events = events(h.writes());
      assertThat(events).as("one call for both events, after the contact").hasSize(1);
      assertThat(events.get(0).path()).isEqualTo("/events/v3/send/batch");
      assertThat(h.writes().indexOf(events.get(0))).isGreaterThan(
          h.writes().indexOf(h.writes().stream().filter(c -> c.path().contains("contacts/batch/upsert")).findFirst().orElseThrow()));
    }
  }

  @Test
  void theHoldEndsWhenTheStepItWaitsForIsSlow() {
    // HubSpot asks for a second each time: the contact write is slower than the hold lasts
    Answer unavailable = Answer.withHeaders(503, java.util.Map.of("Retry-After", "1"), "{\"status\":\"error\",\"message\":\"Service unavailable\"}");
    var hubspot = new ScriptedHubSpot().script("POST /crm/v3/objects/contacts/batch/upsert", unavailable, unavailable);
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot).remember("u-1", null, "501")) {
      long started = h.time.now();
      var results = h.deliver(KNOWN_USER_TRACK, NEW_USER_IDENTIFY, NEW_USER_TRACK);
      assertThat(results).allMatch(r -> r.outcome() == Outcome.DELIVERED || r.outcome() == Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(h.time.now() - started).as("two waits of at least a second").isGreaterThanOrEqualTo(2_000);
      // the calls in order: e = an event call, c = a contact upsert (failed twice, then written)
      String order = h.writes().stream().map(c -> c.path().startsWith("/events/") ? "e" : c.path().contains("contacts/batch/upsert") ? "c" : "")
          .reduce("", String::concat);
      assertThat(order).as("the known user's event went on its own, before the contact was written, the other after it")
          .matches("c(ce|ec)ce");
    }
  }

  @Test
  void workHeldForThatEndsWithoutComingReleasesTheBatchAtOnce() {
    // two groups in one request: u-1's contact is known, u-9's is not, so its association is kept for later (a store
    // commit of 200 ms) instead of reaching the associations lane, which holds its batch for it meanwhile
    try (var h = new PipelineHarness(TestSettings.s0(), new ScriptedHubSpot(), io.hsdest.delivery.run.Engine.Config.DEFAULT, 200)
        .remember("u-1", null, "501")) {
      long started = h.time.now();
      var results = h.deliver("""
          {"type":"group","messageId":"g-known","groupId":"g-1","userId":"u-1","traits":{"name":"Acme","website":"acme.com"}}""", """
          {"type":"group","messageId":"g-unknown","groupId":"g-2","userId":"u-9","traits":{"name":"Globex","website":"globex.com"}}""");
      assertThat(results).allMatch(r -> r.outcome() == Outcome.DELIVERED || r.outcome() == Outcome.DELIVERED_WITH_WARNINGS);
      assertThat(results.get(1).warnings()).anyMatch(w -> w.code().equals("ASSOCIATION_PENDING"));
      assertThat(h.writes()).as("u-1's association was made").anyMatch(c -> c.path().contains("associat"));
      assertThat(h.time.now() - started).as("the association batch went once the pending one was kept, not after the hold's"
          + " limit of a second").isLessThan(800);
    }
  }

  /** HubSpot answering the contact upserts it is told to late, each after its own delay; every other call at once. */
  private static final class LateUpserts extends ScriptedHubSpot {
    final java.util.ArrayDeque<Long> delays = new java.util.ArrayDeque<>();
    io.hsdest.testkit.VirtualScheduler time;

    @Override
    public synchronized io.vertx.core.Future<io.hsdest.hubspot.HubSpotResponse> call(HubSpotCall call) {
      var answer = super.call(call);
      if (!call.path().contains("contacts/batch/upsert") || delays.isEmpty()) return answer;
      io.vertx.core.Promise<io.hsdest.hubspot.HubSpotResponse> late = io.vertx.core.Promise.promise();
      time.schedule(delays.poll(), () -> answer.onComplete(late));
      return late.future();
    }
  }

  private static String identify(int user, String firstName) {
    return "{\"type\":\"identify\",\"messageId\":\"i-" + user + "-" + firstName + "\",\"userId\":\"u-" + user
        + "\",\"traits\":{\"email\":\"user" + user + "@x.com\",\"firstName\":\"" + firstName + "\"}}";
  }

  private static long upserts(PipelineHarness h) {
    return h.writes().stream().filter(c -> c.path().contains("contacts/batch/upsert")).count();
  }

  @Test
  void writesThatWaitForCallsInFlightForTheirRecordsShareOneCallOnceBothAreBack() {
    LateUpserts hubspot = new LateUpserts();
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      hubspot.time = h.time;
      assertThat(h.deliver(identify(999, "warm"))).allMatch(r -> r.outcome() == Outcome.DELIVERED); // schemas read
      long before = upserts(h);
      hubspot.delays.addAll(List.of(100L, 300L));
      String[] first = new String[150];
      for (int u = 0; u < first.length; u++) first[u] = identify(u, "free");
      var a = h.delivery.pipeline().deliver(PipelineHarness.parse(first), 10_000);
      h.time.advance(60); // past the batch delay (20 ms): users 0-99 and 100-149 are in two calls, back after 100 and 300 ms
      assertThat(upserts(h) - before).isEqualTo(2);
      // a request taken with them, about a user in each call: each write waits for its record's call
      var b = h.delivery.pipeline().deliver(PipelineHarness.parse(identify(0, "pro"), identify(120, "pro")), 10_000);
      assertThat(h.await(a, 20_000)).allMatch(r -> r.outcome() == Outcome.DELIVERED);
      assertThat(h.await(b, 20_000)).allMatch(r -> r.outcome() == Outcome.DELIVERED);
      assertThat(upserts(h) - before).as("user 0's write waited for user 120's, back 200 ms later, and both went in one call")
          .isEqualTo(3);
    }
  }

  @Test
  void aBatchWaitsForARequestStillInIntakeThatCameWithinItsDelay() {
    // s0's batch delay is 20 ms
    try (var h = new PipelineHarness(TestSettings.s0())) {
      assertThat(h.deliver(identify(999, "warm"))).allMatch(r -> r.outcome() == Outcome.DELIVERED); // schemas read
      h.time.advance(1_000);
      long before = upserts(h);
      var a = h.delivery.pipeline().deliver(PipelineHarness.parse(identify(1, "free")), 10_000);
      h.time.advance(10);
      Arrival reading = h.delivery.engine().arriving(); // a request still being read and mapped, from 10 ms later
      h.time.advance(200);
      assertThat(upserts(h) - before).as("held past the batch delay for the request in intake").isZero();
      var b = h.delivery.pipeline().deliver(PipelineHarness.parse(identify(2, "free")), null, 10_000, reading);
      assertThat(h.await(a, 20_000)).allMatch(r -> r.outcome() == Outcome.DELIVERED);
      assertThat(h.await(b, 20_000)).allMatch(r -> r.outcome() == Outcome.DELIVERED);
      reading.close(); // as intake does once answered: delivery took it already, so this changes nothing
      assertThat(upserts(h) - before).as("both requests in one call").isEqualTo(1);

      h.time.advance(1_000);
      before = upserts(h);
      var c = h.delivery.pipeline().deliver(PipelineHarness.parse(identify(3, "free")), 10_000);
      h.time.advance(10);
      Arrival refused = h.delivery.engine().arriving();
      h.time.advance(100);
      assertThat(upserts(h) - before).isZero();
      long closedAt = h.time.now();
      refused.close(); // intake ended without delivery (a malformed body, say)
      assertThat(h.await(c, 20_000)).allMatch(r -> r.outcome() == Outcome.DELIVERED);
      assertThat(upserts(h) - before).isEqualTo(1);
      assertThat(h.time.now() - closedAt).as("the batch went once intake ended, not after the hold's limit").isLessThan(100);
    }
  }
}
