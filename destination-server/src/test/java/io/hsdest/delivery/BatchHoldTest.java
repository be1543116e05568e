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
}
