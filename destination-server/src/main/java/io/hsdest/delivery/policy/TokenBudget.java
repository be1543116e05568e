package io.hsdest.delivery.policy;

import io.hsdest.hubspot.Endpoint.RateClass;
import io.hsdest.hubspot.HubSpotResponse;

/**
 * One token's two budgets (HubSpot's ten-secondly limit, and the search API's per-second one) and
 * the one place that reads HubSpot's rate-limit headers into them, for the lanes' calls and every
 * other call alike. Thread-safe: destinations that share a token share it.
 */
public final class TokenBudget {
  private final RateBudget tenSecondly;
  private final RateBudget search;

  TokenBudget(RateBudget tenSecondly, RateBudget search) {
    this.tenSecondly = tenSecondly;
    this.search = search;
  }

  /** 0 when a call of this class may go now (it is then counted), else how long to wait. */
  public long tryAcquire(RateClass rateClass, long now) {
    return switch (rateClass) {
      case TEN_SECONDLY -> tenSecondly.tryAcquire(now);
      case SEARCH -> search.tryAcquire(now);
      case EXEMPT -> 0;
    };
  }

  /** Gives back a slot taken for a call that was not sent after all. */
  public void cancel(RateClass rateClass) {
    if (rateClass == RateClass.TEN_SECONDLY) tenSecondly.cancel();
    if (rateClass == RateClass.SEARCH) search.cancel();
  }

  /**
   * The answer to a counted call (null when none came). The ten-secondly budget learns HubSpot's
   * limit and what others spent from its headers; search answers carry no such headers (they are
   * about the ten-secondly limit), so the search budget only counts the call.
   */
  public void answered(RateClass rateClass, long now, HubSpotResponse r) {
    switch (rateClass) {
      case TEN_SECONDLY -> tenSecondly.answered(now, r);
      case SEARCH -> search.unanswered(now);
      case EXEMPT -> { }
    }
  }

  /** HubSpot asked this class of calls to wait (a 429 covering it). */
  void pauseUntil(RateClass rateClass, long until) {
    if (rateClass == RateClass.TEN_SECONDLY) tenSecondly.pauseUntil(until);
    if (rateClass == RateClass.SEARCH) search.pauseUntil(until);
  }

  long pausedUntil() {
    return tenSecondly.pausedUntil();
  }

  int limitPerInterval() {
    return tenSecondly.max();
  }

  long intervalMs() {
    return tenSecondly.intervalMs();
  }

  /** How long until the {@code calls}-th ten-secondly call from now could be sent. */
  long waitFor(int calls, long now) {
    return tenSecondly.waitFor(calls, now);
  }

  /** Ten-secondly calls that could be sent now. */
  public int available(long now) {
    return tenSecondly.available(now);
  }
}
