package io.hsdest.delivery.policy;

import io.hsdest.hubspot.HubSpotResponse;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A token's call budget over a rolling interval (HubSpot's TEN_SECONDLY_ROLLING, or the search
 * API's per-second limit). A call occupies the budget from when it is sent until one interval
 * after its answer arrived: HubSpot counts it somewhere in between, so this never lets more than
 * {@code max} calls fall into any of HubSpot's windows. The limit is learnt from
 * {@code X-HubSpot-RateLimit-Max}, and {@code -Remaining} lowers the estimate when another client
 * shares the token. Synchronized: destinations that share a token share one budget.
 */
final class RateBudget {
  private int max;
  private long intervalMs;
  private int inFlight;
  /** When each answered call stops counting. */
  private final ArrayDeque<Long> expiries = new ArrayDeque<>();
  private long pausedUntil;

  RateBudget(int max, long intervalMs) {
    this.max = max;
    this.intervalMs = intervalMs;
  }

  /** 0 when a call may be sent now (and is counted), else how long to wait. */
  synchronized long tryAcquire(long now) {
    if (now < pausedUntil) return pausedUntil - now;
    expire(now);
    if (inFlight + expiries.size() < max) {
      inFlight++;
      return 0;
    }
    if (expiries.isEmpty()) return 50; // all in flight: wait for an answer
    return Math.max(1, expiries.peekFirst() - now);
  }

  /** The answer to a counted call arrived; {@code remaining} and {@code maxHeader} are HubSpot's headers, or -1. */
  synchronized void answered(long now, int maxHeader, int remaining, long intervalHeaderMs) {
    inFlight = Math.max(0, inFlight - 1);
    if (intervalHeaderMs > 0) intervalMs = intervalHeaderMs;
    if (maxHeader > 0) max = maxHeader;
    expiries.addLast(now + intervalMs);
    expire(now);
    if (remaining >= 0) {
      // Someone else spent part of the window (another app on the token). When they did is unknown,
      // so their calls are assumed spread over the interval: the budget recovers gradually.
      int extra = max - inFlight - expiries.size() - remaining;
      for (int i = 1; i <= extra; i++) insertSorted(now + intervalMs * i / (extra + 1));
    }
  }

  /**
   * The answer to a ten-secondly call (null when none came): the limit is learnt from HubSpot's
   * headers. A 429 pauses the budget by itself (Retry-After or policy), so its Remaining: 0 is not
   * counted twice.
   */
  synchronized void answered(long now, HubSpotResponse r) {
    if (r == null || r.status() == 429) {
      unanswered(now);
      return;
    }
    answered(now, (int) r.numericHeader("x-hubspot-ratelimit-max"), (int) r.numericHeader("x-hubspot-ratelimit-remaining"),
        r.numericHeader("x-hubspot-ratelimit-interval-milliseconds"));
  }

  private void insertSorted(long expiry) {
    if (expiries.isEmpty() || expiries.peekLast() <= expiry) {
      expiries.addLast(expiry);
      return;
    }
    java.util.List<Long> all = new java.util.ArrayList<>(expiries);
    int at = java.util.Collections.binarySearch(all, expiry);
    all.add(at < 0 ? -at - 1 : at, expiry);
    expiries.clear();
    expiries.addAll(all);
  }

  /** A slot was taken for a call that was not sent after all. */
  synchronized void cancel() {
    inFlight = Math.max(0, inFlight - 1);
  }

  /** The call failed without an answer: it may or may not have been counted, so keep it counted. */
  synchronized void unanswered(long now) {
    answered(now, -1, -1, -1);
  }

  synchronized void pauseUntil(long until) {
    pausedUntil = Math.max(pausedUntil, until);
  }

  synchronized long pausedUntil() {
    return pausedUntil;
  }

  synchronized int max() {
    return max;
  }

  synchronized long intervalMs() {
    return intervalMs;
  }

  /**
   * How long until the {@code calls}-th call from now could be sent, were calls sent as soon as
   * the budget allows. The budget frees in bursts (a slot comes back an interval after its call was
   * answered), not at an even pace: after a full window was spent at once, even one more call waits
   * for the window to roll, and admission must know that.
   */
  synchronized long waitFor(int calls, long now) {
    long start = Math.max(now, pausedUntil);
    if (calls <= 0) return start - now;
    expire(now);
    int available = Math.max(0, max - inFlight - expiries.size());
    int j = calls - 1;
    int slot = j % max;
    long cycles = j / max;
    long free;
    if (slot < available) {
      free = start;
    } else if (slot < available + expiries.size()) {
      Iterator<Long> it = expiries.iterator();
      for (int k = available; k < slot; k++) it.next();
      free = Math.max(start, it.next());
    } else {
      free = start + intervalMs; // in flight: counted until an interval after its answer
    }
    return free + cycles * intervalMs - now;
  }

  /** Calls that could be sent now. */
  synchronized int available(long now) {
    if (now < pausedUntil) return 0;
    expire(now);
    return Math.max(0, max - inFlight - expiries.size());
  }

  private void expire(long now) {
    while (!expiries.isEmpty() && expiries.peekFirst() <= now) expiries.pollFirst();
  }
}
