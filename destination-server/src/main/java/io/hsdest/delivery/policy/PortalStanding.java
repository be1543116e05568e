package io.hsdest.delivery.policy;

import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.hubspot.Endpoint.RateClass;

/**
 * Where one portal stands with HubSpot: the token's budget, a pause HubSpot asked for (477), an
 * outage (HubSpot not answering), and whether it refuses the token (401: held). {@link AnswerPolicy}
 * moves it as answers come; the engine asks it before each call and when taking a request.
 * Confined to the engine's loop (the token's budget itself may be shared by destinations).
 */
public final class PortalStanding {
  static final int FAILURES_FOR_OUTAGE = 3;
  static final long MAX_OUTAGE_WAIT_MS = 30_000;

  final TokenBudget budget;
  private String held;
  private long heldUntil;
  private boolean probing;
  private long pausedUntil;
  /** Outage detection: consecutive calls without an answer or with a 5xx, and how often it opened. */
  private int consecutiveFailures;
  private int outages;
  private long outageUntil;

  public PortalStanding(TokenBudget budget) {
    this.budget = budget;
  }

  /** 0 when a call of this class may go now (it is then counted), else how long to wait. */
  public long acquire(RateClass rateClass, long now) {
    if (pausedUntil > now) return pausedUntil - now;
    if (outageUntil > now) return outageUntil - now;
    if (isHeld(now)) return heldUntil - now;
    return budget.tryAcquire(rateClass, now);
  }

  /** Gives back a slot taken for a batch that turned out empty. */
  public void cancel(RateClass rateClass) {
    budget.cancel(rateClass);
  }

  /** HubSpot answered (any status but 5xx): it is up, whatever it thought of the call. */
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

  void pauseUntil(long until) {
    pausedUntil = Math.max(pausedUntil, until);
  }

  /** 401: held until {@code until}. Returns true when this starts a hold (log it, start probing). */
  boolean hold(String why, long until) {
    boolean first = held == null;
    held = why;
    heldUntil = until;
    return first;
  }

  /** Whether a probe should be started now (at most one runs). */
  public boolean startProbing() {
    if (probing) return false;
    probing = true;
    return true;
  }

  public void probeFailed(long until) {
    heldUntil = until;
  }

  /** HubSpot takes the token again. */
  public void release() {
    held = null;
    probing = false;
  }

  boolean isHeld(long now) {
    return held != null && now < heldUntil;
  }

  /** Why a new request cannot be taken now, or null. */
  public Pending refusal(long now) {
    if (isHeld(now)) return new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, heldUntil - now), held);
    if (pausedUntil > now) return new Pending(Pending.Kind.UNAVAILABLE, pausedUntil - now, "HubSpot is migrating this portal");
    if (outageUntil > now) {
      return new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, outageUntil - now), "HubSpot is not answering (5xx or no answer)");
    }
    return null;
  }

  /** Why messages still waiting at their deadline are not final. */
  public Pending pendingNow(long now) {
    if (held != null) return new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, heldUntil - now), held);
    if (outageUntil > now) {
      return new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, outageUntil - now), "HubSpot is not answering (5xx or no answer)");
    }
    long pause = Math.max(budget.pausedUntil(), pausedUntil) - now;
    if (pause > 0) return new Pending(Pending.Kind.RATE_LIMITED, pause, "HubSpot asked this destination to slow down");
    return new Pending(Pending.Kind.UNAVAILABLE, 2_000, "HubSpot did not accept every message in time");
  }

  /** How long the given number of calls waiting for the ten-secondly budget will take to send. */
  public long estimatedWaitMs(int calls, long now) {
    return budget.waitFor(calls, now);
  }

  public String held() {
    return held;
  }

  public long pausedUntil() {
    return Math.max(budget.pausedUntil(), pausedUntil);
  }

  public int limitPerInterval() {
    return budget.limitPerInterval();
  }

  public long intervalMs() {
    return budget.intervalMs();
  }
}
