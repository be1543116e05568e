package io.hsdest.delivery.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rolling budget: what it lets through, and how long admission is told later calls will wait. */
class RateBudgetTest {
  private static void spend(RateBudget b, int calls, long at) {
    for (int i = 0; i < calls; i++) {
      assertThat(b.tryAcquire(at)).isZero();
      b.answered(at, -1, -1, -1);
    }
  }

  @Test
  void aSpentWindowMakesEvenOneMoreCallWaitForTheWindowToRoll() {
    RateBudget b = new RateBudget(10, 10_000);
    spend(b, 10, 0);
    assertThat(b.tryAcquire(1_000)).isEqualTo(9_000);
    assertThat(b.waitFor(1, 1_000)).as("not an even 1 s per call").isEqualTo(9_000);
    assertThat(b.waitFor(10, 1_000)).isEqualTo(9_000);
    assertThat(b.waitFor(11, 1_000)).as("the next window after that").isEqualTo(19_000);
  }

  @Test
  void freeSlotsGoAtOnceAndSlotsComeBackInTheOrderTheyWereSpent() {
    RateBudget b = new RateBudget(10, 10_000);
    spend(b, 4, 0);
    spend(b, 2, 3_000);
    assertThat(b.waitFor(0, 5_000)).isZero();
    assertThat(b.waitFor(4, 5_000)).as("four slots are free").isZero();
    assertThat(b.waitFor(5, 5_000)).as("then the calls of t=0 expire at 10 s").isEqualTo(5_000);
    assertThat(b.waitFor(9, 5_000)).as("and those of t=3 s at 13 s").isEqualTo(8_000);
    assertThat(b.tryAcquire(5_000)).isZero(); // one call in flight, not answered yet
    assertThat(b.waitFor(3, 5_000)).as("three slots left").isZero();
    assertThat(b.waitFor(4, 5_000)).isEqualTo(5_000);
    assertThat(b.waitFor(10, 5_000)).as("the call in flight counts until an interval after its answer").isEqualTo(10_000);
  }

  @Test
  void aPauseComesFirst() {
    RateBudget b = new RateBudget(10, 10_000);
    b.pauseUntil(3_000);
    assertThat(b.waitFor(0, 1_000)).isEqualTo(2_000);
    assertThat(b.waitFor(5, 1_000)).isEqualTo(2_000);
  }

  @Test
  void theLimitAndIntervalAreLearntFromHubSpotsHeaders() {
    RateBudget b = new RateBudget(100, 10_000);
    assertThat(b.tryAcquire(0)).isZero();
    b.answered(0, 190, 189, 10_000); // a Pro portal: 190 per 10 s
    assertThat(b.max()).isEqualTo(190);
    assertThat(b.available(0)).isEqualTo(189);
    RateBudget search = new RateBudget(4, 10_000);
    assertThat(search.tryAcquire(0)).isZero();
    search.answered(0, 5, 4, 1_000); // the search API: 5 per second
    assertThat(search.max()).isEqualTo(5);
    assertThat(search.intervalMs()).isEqualTo(1_000);
    assertThat(search.available(0)).isEqualTo(4);
    assertThat(search.available(1_000)).as("the call expires a second after its answer").isEqualTo(5);
  }

  @Test
  void anotherAppSpendingTheSameTokenLowersWhatIsLeft() {
    RateBudget b = new RateBudget(100, 10_000);
    assertThat(b.tryAcquire(0)).isZero();
    b.answered(0, 100, 39, 10_000); // HubSpot counts 61: 60 were someone else's
    assertThat(b.available(0)).isEqualTo(39);
    assertThat(b.available(5_000)).as("their calls are assumed spread over the window").isBetween(60, 75);
    assertThat(b.available(10_000)).isEqualTo(100);
  }
}
