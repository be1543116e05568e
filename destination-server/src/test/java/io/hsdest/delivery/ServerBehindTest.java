package io.hsdest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.Outcome;
import io.hsdest.testkit.ScriptedHubSpot;
import io.hsdest.testkit.TestSettings;
import io.hsdest.testkit.VirtualScheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that has not finished a request taken more than half a request's time ago is behind: it answers new
 * requests 429 with Retry-After (before parsing the next ones, for a moment) rather than take work its clients would
 * time out on and send again. It takes requests again once it caught up. In virtual time, with a HubSpot that
 * answers every call 8 s late.
 */
class ServerBehindTest {
  /** HubSpot answering every call {@code delayMs} late. */
  private static final class SlowHubSpot extends ScriptedHubSpot {
    VirtualScheduler time;

    @Override
    public synchronized Future<HubSpotResponse> call(HubSpotCall call) {
      Future<HubSpotResponse> answer = super.call(call);
      Promise<HubSpotResponse> late = Promise.promise();
      time.schedule(8_000, () -> answer.onComplete(late));
      return late.future();
    }
  }

  private static String identify(String who) {
    return "{\"type\":\"identify\",\"messageId\":\"m-" + who + "\",\"traits\":{\"email\":\"" + who + "@example.com\"}}";
  }

  @Test
  void requestsAreRefusedWhileAnOldOneIsUnfinishedAndTakenOnceItIs() {
    SlowHubSpot hubspot = new SlowHubSpot();
    try (var h = new PipelineHarness(TestSettings.s0(), hubspot)) {
      hubspot.time = h.time;
      assertThat(h.deliver(30_000, identify("warm"))).allMatch(r -> r.outcome() == Outcome.DELIVERED); // schemas read

      var first = h.delivery.pipeline().deliver(PipelineHarness.parse(identify("ann")), 10_000);
      h.time.advance(3_000);
      var second = h.delivery.pipeline().deliver(PipelineHarness.parse(identify("bob")), 10_000);
      h.time.advance(3_000); // the first has waited 6 s of its 10
      var third = h.delivery.pipeline().deliver(PipelineHarness.parse(identify("cat")), 10_000);
      assertThat(h.delivery.pipeline().engine().busy()).as("the next requests are refused before any work").isNotNull();

      List<MessageResult> refused = h.await(third, 1_000);
      assertThat(refused.get(0).isFinal()).isFalse();
      assertThat(refused.get(0).pending().kind()).isEqualTo(Pending.Kind.RATE_LIMITED);
      assertThat(refused.get(0).pending().why()).contains("the server is behind");
      assertThat(h.await(first, 20_000)).allMatch(r -> r.outcome() == Outcome.DELIVERED);
      assertThat(h.await(second, 20_000)).allMatch(r -> r.outcome() == Outcome.DELIVERED);

      h.time.advance(1_000);
      assertThat(h.deliver(10_000, identify("cat"))).as("caught up: taken again").allMatch(r -> r.outcome() == Outcome.DELIVERED);
    }
  }
}
