package io.hsdest.delivery;

import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.hubspot.Endpoint.RateClass;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Where one portal stands with HubSpot: the token's rate budgets (ten-secondly and search), pauses
 * HubSpot asked for (429, 477), and whether HubSpot refuses the token (401: held). A scope HubSpot
 * refuses (403) holds only the lane that needs it ({@link Lane#refusedWhy}).
 * Knows nothing of messages; the engine asks it before each call and tells it every answer.
 * Confined to the engine's context (the budgets themselves may be shared by destinations on one token).
 */
final class PortalStanding {
  private final RateBudget budget;
  private final RateBudget searchBudget;
  private String held;
  private long heldUntil;
  private boolean probing;
  private long pausedUntil;
  /** Outage detection: consecutive calls without an answer or with a 5xx, and how often it opened. */
  private int consecutiveFailures;
  private int outages;
  private long outageUntil;
  static final int FAILURES_FOR_OUTAGE = 3;
  static final long MAX_OUTAGE_WAIT_MS = 30_000;

  PortalStanding(RateBudget budget, RateBudget searchBudget) {
    this.budget = budget;
    this.searchBudget = searchBudget;
  }

  /** 0 when a call of this class may go now (it is counted), else how long to wait. */
  long acquire(RateClass rateClass, long now) {
    if (pausedUntil > now) return pausedUntil - now;
    if (outageUntil > now) return outageUntil - now;
    if (isHeld(now)) return heldUntil - now;
    return switch (rateClass) {
      case TEN_SECONDLY -> budget.tryAcquire(now);
      case SEARCH -> searchBudget.tryAcquire(now);
      case EXEMPT -> 0;
    };
  }

  /** Gives back a slot taken for a batch that turned out empty. */
  void cancel(RateClass rateClass) {
    if (rateClass == RateClass.TEN_SECONDLY) budget.cancel();
    if (rateClass == RateClass.SEARCH) searchBudget.cancel();
  }

  /**
   * An answer (or none) to a call of this class: the budget learns from HubSpot's headers. Returns
   * the daily calls left when under 1% of the daily limit (worth a warning), else -1.
   */
  long answered(RateClass rateClass, long now, HubSpotResponse r) {
    if (rateClass == RateClass.SEARCH) searchBudget.answered(now, -1, -1, -1);
    if (rateClass != RateClass.TEN_SECONDLY) return -1;
    budget.answered(now, r);
    if (r == null) return -1;
    long daily = r.numericHeader("x-hubspot-ratelimit-daily");
    long left = r.numericHeader("x-hubspot-ratelimit-daily-remaining");
    return daily > 0 && left >= 0 && left < daily / 100 ? left : -1;
  }

  /** 429: how long to wait (Retry-After, else by policy), and the pause of what the limit covers. */
  long rateLimited(Lane lane, HubSpotError e, long now) {
    long wait;
    if (e.retryAfterMs() > 0) {
      wait = e.retryAfterMs();
    } else if ("DAILY".equals(e.policyName())) {
      // HubSpot resets the daily limit at midnight in the account's time zone: try again each hour
      wait = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant().toEpochMilli() - now;
    } else if ("SECONDLY".equals(e.policyName()) || (e.message() != null && e.message().contains("secondly limit"))
        || lane.kind.endpoint().rateClass == RateClass.EXEMPT) {
      // the search API's per-second limit; and an endpoint the ten-secondly limit exempts (events at
      // up to 1,250/s) has nothing to wait ten seconds for
      wait = 1_000;
    } else {
      wait = budget.intervalMs();
    }
    switch (lane.kind.endpoint().rateClass) {
      case TEN_SECONDLY -> budget.pauseUntil(now + wait);
      case SEARCH -> searchBudget.pauseUntil(now + wait);
      case EXEMPT -> lane.pausedUntil = now + wait;
    }
    return wait;
  }

  /**
   * HubSpot answered (any status but 5xx): it is up, whatever it thought of the call.
   */
  void reached() {
    consecutiveFailures = 0;
    outages = 0;
  }

  /**
   * No answer, or a 5xx. After a few in a row HubSpot is taken to be down: nothing is sent for a
   * while (1 s, doubling to 30 s while it stays down) and new requests are answered 503 at once
   * instead of piling up calls against a HubSpot that cannot take them. Returns the wait, or 0.
   */
  long failed(long now) {
    if (++consecutiveFailures < FAILURES_FOR_OUTAGE || outageUntil > now) return Math.max(0, outageUntil - now);
    long wait = Math.min(MAX_OUTAGE_WAIT_MS, 1_000L << Math.min(15, outages++));
    outageUntil = now + wait;
    return wait;
  }

  boolean inOutage(long now) {
    return outageUntil > now;
  }

  /** 477: HubSpot is migrating the portal; nothing goes until it says. */
  long migrating(HubSpotError e, long now) {
    long wait = Math.max(1_000, e.retryAfterMs());
    pausedUntil = now + wait;
    return wait;
  }

  /** 401: held until {@code until}. Returns true when this starts a hold (log it, start probing). */
  boolean hold(String why, long until) {
    boolean first = held == null;
    held = why;
    heldUntil = until;
    return first;
  }

  /** Whether a probe should be started now (at most one runs). */
  boolean startProbing() {
    if (probing) return false;
    probing = true;
    return true;
  }

  void probeFailed(long until) {
    heldUntil = until;
  }

  /** HubSpot takes the token again. */
  void release() {
    held = null;
    probing = false;
  }

  boolean isHeld(long now) {
    return held != null && now < heldUntil;
  }

  /** Why a new request cannot be taken now, or null. */
  Pending refusal(long now) {
    if (isHeld(now)) return new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, heldUntil - now), held);
    if (pausedUntil > now) return new Pending(Pending.Kind.UNAVAILABLE, pausedUntil - now, "HubSpot is migrating this portal");
    if (outageUntil > now) {
      return new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, outageUntil - now), "HubSpot is not answering (5xx or no answer)");
    }
    return null;
  }

  /** Why messages still waiting at their deadline are not final. */
  Pending pendingNow(long now) {
    if (held != null) return new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, heldUntil - now), held);
    if (outageUntil > now) {
      return new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, outageUntil - now), "HubSpot is not answering (5xx or no answer)");
    }
    long pause = Math.max(budget.pausedUntil(), pausedUntil) - now;
    if (pause > 0) return new Pending(Pending.Kind.RATE_LIMITED, pause, "HubSpot asked this destination to slow down");
    return new Pending(Pending.Kind.UNAVAILABLE, 2_000, "HubSpot did not accept every message in time");
  }

  /** How long the given number of calls waiting for the ten-secondly budget will take to send. */
  long estimatedWaitMs(int calls, long now) {
    return budget.waitFor(calls, now);
  }

  String held() {
    return held;
  }

  long pausedUntil() {
    return Math.max(budget.pausedUntil(), pausedUntil);
  }

  int limitPerInterval() {
    return budget.max();
  }

  long intervalMs() {
    return budget.intervalMs();
  }
}
