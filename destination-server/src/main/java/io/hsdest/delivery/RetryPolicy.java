package io.hsdest.delivery;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter, capped: attempt 1 waits up to 1 s, then 2 s, 4 s, ...
 * never more than the cap. Pure; the random source is a parameter so tests need no sleeping.
 */
final class RetryPolicy {
  static final long BASE_MS = 1_000;
  static final long CAP_MS = 300_000;
  static final int MAX_ATTEMPTS = 8;
  /** HubSpot keeps a record locked for about 2 s after a write (423). */
  static final long LOCKED_MS = 2_000;

  private RetryPolicy() {}

  /** The wait before retry number {@code attempt} (1-based): uniform in [half the ceiling, the ceiling]. */
  static long backoffMs(int attempt, RandomGenerator random) {
    long ceiling = Math.min(CAP_MS, BASE_MS << Math.min(20, Math.max(0, attempt - 1)));
    return ceiling / 2 + (long) (random.nextDouble() * (ceiling / 2.0));
  }
}
