package io.hsdest.warehouse;

import java.util.SplittableRandom;

/**
 * How long to wait before asking HubSpot again: HubSpot's {@code Retry-After} when it sends one, at least a second
 * after its secondly (search) limit, else exponential from {@code baseMs}, capped, with jitter so that several
 * syncs do not come back together. Pure: time and randomness come in.
 *
 * @param maxAttempts attempts per call before the run gives up (it resumes on the next run)
 */
record Backoff(long baseMs, long capMs, int maxAttempts) {
  static final Backoff DEFAULT = new Backoff(1_000, 60_000, 8);

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
  long delayMs(int attempt, long retryAfterMs, boolean secondlyLimit, SplittableRandom random) {
    if (retryAfterMs > 0) return Math.min(retryAfterMs, capMs * 10);
    long exp = Math.min(capMs, baseMs << Math.min(20, attempt - 1));
    long jittered = exp / 2 + (exp > 1 ? random.nextLong(exp / 2 + 1) : 0);
    return secondlyLimit ? Math.max(1_000, jittered) : jittered;
  }
}
