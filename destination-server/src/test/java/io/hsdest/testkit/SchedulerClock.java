package io.hsdest.testkit;

import io.hsdest.clock.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link Clock} that reads a scheduler's time (virtual in tests). */
public final class SchedulerClock extends Clock {
  private final Scheduler scheduler;

  public SchedulerClock(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(scheduler.now());
  }
}
