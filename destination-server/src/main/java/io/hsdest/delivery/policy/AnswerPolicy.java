package io.hsdest.delivery.policy;

import io.hsdest.delivery.policy.Verdict.Fail;
import io.hsdest.delivery.policy.Verdict.Hold;
import io.hsdest.delivery.policy.Verdict.Pause;
import io.hsdest.delivery.policy.Verdict.Retry;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.Endpoint.RateClass;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What HubSpot's answer to a whole call means, before any input is looked at (cloud-mode.md a.10):
 * 429 (wait as HubSpot says, pause what its limit covers), 423 (retry after the lock), 477 (pause
 * the portal), 401 (hold everything until the token works), 403 (hold the endpoint that lacks a
 * scope), 5xx or no answer (back off; a few in a row is an outage). Every other answer is about the
 * inputs and goes to the endpoint's codec. Also what one input's own error means when a batch answer
 * names it ({@link #itemError}). The one place these rules live.
 */
public final class AnswerPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(AnswerPolicy.class);

  /** What the engine must also do beyond the verdict, besides applying it to every input. */
  public enum Effect {
    NONE,
    /** HubSpot looks down: answer the waiting requests at once instead of at their deadline. */
    OUTAGE_STARTED,
    /** HubSpot refuses the token: hold everything, and probe until it works. */
    TOKEN_REFUSED,
    /** HubSpot refuses this endpoint to the token (a missing scope): hold this lane only. */
    SCOPE_REFUSED,
    /** A 429 on an endpoint exempt from the ten-secondly limit: pause this lane only. */
    LANE_PAUSED
  }

  /**
   * @param forEvery the verdict for every input of the call, or null when the codec must read the answer
   * @param why for {@link Effect#SCOPE_REFUSED}, what to tell the clients whose messages wait
   */
  public record Decision(Verdict forEvery, Effect effect, String why) {
    static final Decision DECODE = new Decision(null, Effect.NONE, null);

    public boolean decode() {
      return forEvery == null;
    }
  }

  private final String destinationId;
  private final PortalStanding standing;
  private final long probeIntervalMs;
  private final Counter received429;

  public AnswerPolicy(String destinationId, PortalStanding standing, long probeIntervalMs, MeterRegistry metrics) {
    this.destinationId = destinationId;
    this.standing = standing;
    this.probeIntervalMs = probeIntervalMs;
    this.received429 = Counter.builder("hubspot_rate_limited").description("429 answers received from HubSpot")
        .tag("destination", destinationId).register(metrics);
  }

  /**
   * Reads the answer to a call of this endpoint (null when none came; {@code noAnswer} says why).
   * The token's budget learns from it first.
   */
  public Decision read(Endpoint endpoint, HubSpotResponse r, String noAnswer, long now) {
    standing.budget.answered(endpoint.rateClass, now, r);
    if (r == null) return failing(noAnswer, -1, now);
    warnIfDailyLimitNearlySpent(r);
    if (r.isSuccess()) {
      standing.reached();
      return Decision.DECODE;
    }
    HubSpotError e = HubSpotError.of(r);
    if (e.kind() == HubSpotError.Kind.TRANSIENT) return failing(e.describe(), e.retryAfterMs(), now);
    standing.reached();
    return switch (e.kind()) {
      case RATE_LIMITED -> rateLimited(endpoint, e, now);
      case LOCKED -> new Decision(new Retry(Math.max(RetryPolicy.LOCKED_MS, e.retryAfterMs()), false, "record locked"),
          Effect.NONE, null);
      case MIGRATING -> {
        long wait = Math.max(1_000, e.retryAfterMs());
        standing.pauseUntil(now + wait);
        LOG.warn("destination {}: HubSpot is migrating the portal (477); pausing {} s", destinationId, wait / 1000);
        yield new Decision(new Pause(now + wait, "HubSpot is migrating this portal"), Effect.NONE, null);
      }
      case AUTH -> tokenRefused(e, now);
      case FORBIDDEN -> {
        String why = "HubSpot refused the token's scopes for " + endpoint.metricName + " (403 " + e.category() + ": "
            + e.message() + "); grant the missing scope to the destination's Private App";
        yield new Decision(new Pause(now + probeIntervalMs, why), Effect.SCOPE_REFUSED, why);
      }
      default -> Decision.DECODE;
    };
  }

  /**
   * One input's own error in a batch answer (a 207 item, or a 400 that names it): retry what HubSpot
   * may take later, fail what it never will; null for the failures only the endpoint knows how to
   * work around (a refused value, a conflict, a record not found).
   */
  public static Verdict itemError(HubSpotError e) {
    if (e.kind().retryable) return new Retry(Math.max(RetryPolicy.LOCKED_MS, e.retryAfterMs()), false, e.describe());
    return switch (e.kind()) {
      case VALIDATION, CONFLICT, NOT_FOUND -> null;
      default -> new Fail(reasonOf(e), e.describe());
    };
  }

  /** The reason a message carries when HubSpot refused it for good. */
  public static Reason reasonOf(HubSpotError e) {
    if (e.status() == 501) return Reason.HUBSPOT_501;
    return switch (e.kind()) {
      case VALIDATION -> Reason.HUBSPOT_VALIDATION;
      case CONFLICT -> Reason.CONFLICT;
      case NOT_FOUND -> Reason.RECORD_NOT_FOUND;
      default -> Reason.HUBSPOT_REFUSED;
    };
  }

  /** 429: wait as HubSpot says (Retry-After, else by policy), pause what the limit covers. */
  private Decision rateLimited(Endpoint endpoint, HubSpotError e, long now) {
    received429.increment();
    long wait;
    if (e.retryAfterMs() > 0) {
      wait = e.retryAfterMs();
    } else if ("DAILY".equals(e.policyName())) {
      // HubSpot resets the daily limit at midnight in the account's time zone: try again each hour
      wait = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant().toEpochMilli() - now;
      LOG.error("destination {}: HubSpot's daily API limit is reached; trying again in {} s", destinationId, wait / 1000);
    } else if ("SECONDLY".equals(e.policyName()) || (e.message() != null && e.message().contains("secondly limit"))
        || endpoint.rateClass == RateClass.EXEMPT) {
      // the search API's per-second limit; and an endpoint the ten-secondly limit exempts (events at
      // up to 1,250/s) has nothing to wait ten seconds for
      wait = 1_000;
    } else {
      wait = standing.intervalMs();
    }
    LOG.warn("destination {}: HubSpot answered 429 ({}) to {}; waiting {} ms", destinationId, e.policyName(), endpoint.metricName, wait);
    String why = "HubSpot asked this destination to slow down (429 " + (e.policyName() == null ? "" : e.policyName()) + ")";
    if (endpoint.rateClass == RateClass.EXEMPT) return new Decision(new Pause(now + wait, why), Effect.LANE_PAUSED, why);
    standing.budget.pauseUntil(endpoint.rateClass, now + wait);
    return new Decision(new Pause(now + wait, why), Effect.NONE, why);
  }

  /** 401: HubSpot refuses the token. Hold everything; clients resend later; a probe finds when it works again. */
  private Decision tokenRefused(HubSpotError e, long now) {
    String what = "HubSpot refused the access token (401 " + e.category() + ")";
    long until = now + probeIntervalMs;
    boolean first = standing.hold(what + "; fix the destination's Private App token", until);
    if (first) {
      LOG.error("destination {}: {}; correlationId {}. Messages are answered 503 until the token works again (checked every {} s).",
          destinationId, what, e.correlationId(), probeIntervalMs / 1000);
    }
    return new Decision(new Hold(until, what), first ? Effect.TOKEN_REFUSED : Effect.NONE, what);
  }

  /**
   * No answer, or a 5xx: the whole batch waits one backoff (so it stays one batch), longer if HubSpot
   * now looks down; an outage also answers waiting requests at once.
   */
  private Decision failing(String why, long retryAfterMs, long now) {
    boolean wasDown = standing.inOutage(now);
    long outage = standing.failed(now);
    Effect effect = Effect.NONE;
    if (outage > 0 && !wasDown) {
      LOG.warn("destination {}: HubSpot is not answering ({}); pausing {} ms and answering requests 503", destinationId, why, outage);
      effect = Effect.OUTAGE_STARTED;
    }
    return new Decision(new Retry(Math.max(retryAfterMs, outage), true, why), effect, null);
  }

  private void warnIfDailyLimitNearlySpent(HubSpotResponse r) {
    long daily = r.numericHeader("x-hubspot-ratelimit-daily");
    long left = r.numericHeader("x-hubspot-ratelimit-daily-remaining");
    if (daily > 0 && left >= 0 && left < daily / 100) {
      LOG.warn("destination {}: less than 1% of HubSpot's daily API limit is left ({} calls)", destinationId, left);
    }
  }
}
