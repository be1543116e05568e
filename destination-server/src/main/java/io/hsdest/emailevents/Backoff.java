package io.hsdest.emailevents;

/**
 * How long to wait before trying again: exponential from {@code baseMs}, capped at {@code maxMs}, with full jitter
 * above the base, and never less than what the other side asked for ({@code Retry-After}). Pure: the random draw is a
 * parameter, so tests need no sleeping and no seed.
 */
record Backoff(long baseMs, long maxMs) {

  Backoff {
    if (baseMs < 0 || maxMs < baseMs) throw new IllegalArgumentException("need 0 <= baseMs <= maxMs");
  }

  /**
   * @param attempt 0 for the first retry
   * @param askedMs the wait the answer asked for (Retry-After), or a negative number when it asked for none
   * @param random a draw in [0, 1)
   */
  long delayMs(int attempt, long askedMs, double random) {
    long ceiling = baseMs;
    for (int i = 0; i < attempt && ceiling < maxMs; i++) ceiling = Math.min(maxMs, ceiling * 2);
    long jittered = baseMs + (long) (random * (ceiling - baseMs));
    return Math.min(Math.max(jittered, askedMs), Math.max(maxMs, askedMs));
  }
}
