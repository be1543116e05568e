package io.hsdest.fake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A per-day request counter that resets at midnight in the account's time zone (HubSpot: DOC-USAGE). Time is a
 * parameter. Not thread-safe: event loop only.
 */
final class DailyQuota {
  static final ZoneId ACCOUNT_ZONE = ZoneId.of("US/Eastern");

  private LocalDate day;
  private long used;

  boolean tryAcquire(long limit, long nowMs) {
    roll(nowMs);
    if (limit > 0 && used >= limit) {
      return false;
    }
    used++;
    return true;
  }

  long used(long nowMs) {
    roll(nowMs);
    return used;
  }

  static Instant nextReset(long nowMs) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), ACCOUNT_ZONE).plusDays(1)
        .atStartOfDay(ACCOUNT_ZONE).toInstant();
  }

  private void roll(long nowMs) {
    LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), ACCOUNT_ZONE);
    if (!today.equals(day)) {
      day = today;
      used = 0;
    }
  }
}
