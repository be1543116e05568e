package io.hsdest.fake;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate-limit arithmetic with time as a parameter: no sleeping. */
class RollingWindowTest {

  @Test
  void acceptsMaxPerIntervalAndFreesSlotsAsTheyAgeOut() {
    RollingWindow w = new RollingWindow(3, 10_000);
    assertThat(w.tryAcquire(0)).isTrue();
    assertThat(w.tryAcquire(4_000)).isTrue();
    assertThat(w.tryAcquire(9_000)).isTrue();
    assertThat(w.tryAcquire(9_999)).isFalse();
    assertThat(w.remaining(9_999)).isZero();
    assertThat(w.millisUntilFree(9_999)).isEqualTo(1);
    assertThat(w.tryAcquire(10_000)).as("the call at 0 left the window").isTrue();
    assertThat(w.tryAcquire(13_999)).isFalse();
    assertThat(w.tryAcquire(14_000)).isTrue();
    assertThat(w.remaining(30_000)).isEqualTo(3);
  }

  @Test
  void refusedCallsAreNotCounted() {
    RollingWindow w = new RollingWindow(1, 1_000);
    assertThat(w.tryAcquire(0)).isTrue();
    for (int i = 1; i < 100; i++) {
      assertThat(w.tryAcquire(i)).isFalse();
    }
    assertThat(w.tryAcquire(1_000)).isTrue();
  }

  @Test
  void dailyQuotaResetsAtMidnightUsEastern() {
    ZoneId eastern = ZoneId.of("US/Eastern");
    long lateEvening = LocalDate.of(2024, 5, 1).atTime(23, 59).atZone(eastern).toInstant().toEpochMilli();
    long afterMidnight = LocalDate.of(2024, 5, 2).atTime(0, 1).atZone(eastern).toInstant().toEpochMilli();
    DailyQuota q = new DailyQuota();
    assertThat(q.tryAcquire(2, lateEvening)).isTrue();
    assertThat(q.tryAcquire(2, lateEvening)).isTrue();
    assertThat(q.tryAcquire(2, lateEvening)).isFalse();
    assertThat(q.tryAcquire(2, afterMidnight)).isTrue();
    assertThat(q.used(afterMidnight)).isEqualTo(1);
    assertThat(DailyQuota.nextReset(lateEvening).toEpochMilli())
        .isEqualTo(LocalDate.of(2024, 5, 2).atStartOfDay(eastern).toInstant().toEpochMilli());
  }

  @Test
  void faultDiceIsRepeatableForASeed() {
    FakeConfig c = FakeConfig.defaults().withErrorRate(0.3).withRate429(0.2).withLatency(5, 50);
    FaultDice a = new FaultDice(7);
    FaultDice b = new FaultDice(7);
    for (int i = 0; i < 200; i++) {
      assertThat(a.roll(c)).isEqualTo(b.roll(c));
      assertThat(a.delay(c)).isEqualTo(b.delay(c)).isBetween(5L, 55L);
    }
    FaultDice quiet = new FaultDice(7);
    assertThat(quiet.roll(FakeConfig.defaults())).isEqualTo(Fault.NONE);
  }
}
