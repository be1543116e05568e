package io.hsdest.fake;

/**
 * A rolling-window limiter: at most {@code max} accepted requests in any {@code intervalMs}. Keeps the accept times
 * of the last {@code max} requests in a ring, so memory is bounded by the limit, not the traffic. Time is a
 * parameter so tests need no sleeping. Not thread-safe: used on the fake's event loop only.
 */
final class RollingWindow {
  final int max;
  final long intervalMs;
  private final long[] ring;
  private int head;
  private int size;

  RollingWindow(int max, long intervalMs) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be > 0");
    }
    this.max = max;
    this.intervalMs = intervalMs;
    this.ring = new long[max];
  }

  /** Counts the request and returns true if it fits in the window; a refused request is not counted. */
  boolean tryAcquire(long nowMs) {
    evict(nowMs);
    if (size >= max) {
      return false;
    }
    ring[(head + size) % max] = nowMs;
    size++;
    return true;
  }

  int remaining(long nowMs) {
    evict(nowMs);
    return max - size;
  }

  /** Milliseconds until the oldest counted request leaves the window (0 if there is room now). */
  long millisUntilFree(long nowMs) {
    evict(nowMs);
    return size < max ? 0 : ring[head] + intervalMs - nowMs;
  }

  private void evict(long nowMs) {
    while (size > 0 && ring[head] <= nowMs - intervalMs) {
      head = (head + 1) % max;
      size--;
    }
  }
}
