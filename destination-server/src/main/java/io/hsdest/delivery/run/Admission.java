package io.hsdest.delivery.run;

import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.delivery.batch.BatchLimits;
import io.hsdest.delivery.policy.PortalStanding;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.Endpoint.RateClass;
import io.hsdest.mapping.op.Operation;

/**
 * Whether a request is taken: not while draining or while HubSpot holds us off, not while the server
 * is behind (a request it took more than half a request's time ago is unfinished: short of CPU, or
 * waiting on a slow HubSpot), not beyond {@code maxQueuedOperations}, and only if its writes, behind
 * those already waiting, can be sent well within the request's time (a request taken and then timed
 * out spends budget on work the client will send again). A refusal also marks the destination busy
 * for a moment, so intake answers 429/503 before parsing and mapping the next requests only to
 * refuse them.
 */
final class Admission {
  private final PortalStanding standing;
  private final int maxQueuedOperations;
  private final int searchRequestsPerSecond;
  private int queuedOps;
  /** Queued operations that spend the ten-secondly budget (contact and company writes). */
  private int countedOps;
  private volatile Pending busy;
  private volatile long busyUntil;

  Admission(PortalStanding standing, int maxQueuedOperations, int searchRequestsPerSecond) {
    this.standing = standing;
    this.maxQueuedOperations = maxQueuedOperations;
    this.searchRequestsPerSecond = searchRequestsPerSecond;
  }

  /** Writes spend the ten-secondly budget; events, associations and searches do not. */
  static boolean spendsBudget(Operation op) {
    return op.endpoint().rateClass == RateClass.TEN_SECONDLY;
  }

  /** The fewest batch calls for this many record writes. */
  private static int calls(int writes) {
    int perCall = BatchLimits.maxInputs(Endpoint.CONTACTS_UPSERT);
    return (writes + perCall - 1) / perCall;
  }

  /**
   * Why a request cannot be taken now, or null.
   *
   * @param operations its operations; {@code counted} of them spend the ten-secondly budget
   * @param searches its groups that will wait for the adoption search; {@code waitingSearches} wait already
   * @param oldestTakenAt when the oldest request taken and not answered yet was taken, or -1 when there is none
   */
  Pending refusal(int operations, int counted, int searches, int waitingSearches, long oldestTakenAt, long timeoutMs,
      boolean draining, long now) {
    if (draining) return new Pending(Pending.Kind.UNAVAILABLE, 5_000, "the server is shutting down");
    Pending standingRefusal = standing.refusal(now);
    if (standingRefusal != null) return standingRefusal;
    // taking more would only make them wait past their clients' timeouts, to be sent again: under overload a server
    // short of CPU then answered nothing in time (HubSpot's budget, weighed below, was not what ran out)
    if (oldestTakenAt >= 0 && now - oldestTakenAt > timeoutMs / 2) {
      return new Pending(Pending.Kind.RATE_LIMITED, 1_000, "the server is behind: a request it took "
          + (now - oldestTakenAt) / 1000 + " s ago is not finished yet");
    }
    if (queuedOps + operations > maxQueuedOperations) {
      return new Pending(Pending.Kind.RATE_LIMITED, Math.max(1_000, standing.estimatedWaitMs(calls(countedOps), now)),
          "more than maxQueuedOperations (" + maxQueuedOperations + ") operations are waiting for HubSpot");
    }
    long wait = standing.estimatedWaitMs(calls(countedOps + counted), now);
    if (searches > 0) {
      // new groups also wait for the search API, which allows only a few calls a second
      int perSearch = BatchLimits.typicalGroupsPerSearch();
      long searchCalls = (waitingSearches + searches + perSearch - 1) / perSearch;
      wait = Math.max(wait, searchCalls * 1000L / Math.max(1, searchRequestsPerSecond));
    }
    if (wait > timeoutMs / 2) {
      return new Pending(Pending.Kind.RATE_LIMITED, Math.max(1_000, wait - timeoutMs / 2), "HubSpot's rate limit for this token ("
          + standing.limitPerInterval() + " calls per " + standing.intervalMs() / 1000 + " s) is spent for the next " + (wait / 1000) + " s");
    }
    return null;
  }

  /** A request was refused for load: the next ones are refused before any work, for a moment. */
  void refused(Pending why, long now) {
    busy = why;
    busyUntil = now + Math.min(500, why.retryAfterMs());
  }

  /** Whether requests are refused for load right now (any thread may ask), or null. */
  Pending busy(long now) {
    Pending b = busy;
    return b != null && now < busyUntil ? b : null;
  }

  /** An operation is taken: it counts until it is done or withdrawn. */
  void track(OpTask t) {
    queuedOps++;
    if (spendsBudget(t.op)) {
      t.counted = true;
      countedOps++;
    }
  }

  void untrack(OpTask t) {
    queuedOps--;
    if (t.counted) countedOps--;
  }

  int queued() {
    return queuedOps;
  }
}
