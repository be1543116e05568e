package io.hsdest.delivery.policy;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter, capped: retry 1 waits up to 1 s, then up to 2 s, 4 s, ...
 * never more than the cap; the wait is uniform between zero and that ceiling, so clients that
 * failed together do not retry together. Pure; the random source is a parameter.
 */
public final class RetryPolicy {
  static final long BASE_MS = 1_000;
  static final long CAP_MS = 300_000;
  /** Attempts of one input within one delivery before it is given up as {@code RETRY_EXHAUSTED}. */
  public static final int MAX_ATTEMPTS = 8;
  /** HubSpot keeps a record locked for about 2 s after a write (423). */
  public static final long LOCKED_MS = 2_000;

  private RetryPolicy() {}

  /** The ceiling of the wait before retry number {@code attempt} (1-based). */
  static long ceilingMs(int attempt) {
    return Math.min(CAP_MS, BASE_MS << Math.min(20, Math.max(0, attempt - 1)));
  }

  /** The wait before retry number {@code attempt}: uniform in [0, ceiling]. */
  public static long backoffMs(int attempt, RandomGenerator random) {
    return random.nextLong(ceilingMs(attempt) + 1);
  }
}
