package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Runtime behaviour of the fake: rate limits, faults, HubSpot account switches. Immutable; change it with
 * {@link FakeHubSpot#configure(FakeConfig)} or {@code POST /__fake/config} (a partial JSON object whose keys are
 * the component names below).
 *
 * <p>Defaults are "a healthy Enterprise portal with no rate limit": every limit that would slow a benchmark down is
 * off, every exemption is HubSpot's own (hubspot-api.md section 3), and no fault is injected.
 *
 * @param rateLimitPer10s            max requests per token in a rolling 10 s window; 0 = unlimited (no per-interval headers)
 * @param dailyLimit                 max requests per token per day (resets at midnight US/Eastern); 0 = unlimited (no daily headers)
 * @param searchPerSecond            max search requests per portal per second; 0 = unlimited
 * @param exemptEventsFromTenSecondly {@code /events/v3/send[/batch]} not counted in the 10 s window (HubSpot: exempt)
 * @param exemptEventsFromDaily       {@code /events/v3/send[/batch]} not counted in the daily quota (HubSpot: exempt)
 * @param exemptAssociationBatchFromTenSecondly {@code /crm/v4/associations/{from}/{to}/batch/*} not counted in the 10 s window
 * @param exemptSearchFromTenSecondly search not counted in the 10 s window (it has its own secondly limit)
 * @param latencyMs                  fixed delay added to every API response
 * @param jitterMs                   extra uniformly random delay in [0, jitterMs]
 * @param errorRate                  probability of a 5xx (500/502/503/504, evenly)
 * @param rate429                    probability of a random 429 TEN_SECONDLY_ROLLING
 * @param lockedRate                 probability of a 423 Locked
 * @param migrationRate              probability of a 477 Migration in Progress (with Retry-After)
 * @param hangRate                   probability that a request is accepted and not answered (see hangDelayMs)
 * @param hangDelayMs                0 = a hung request is never answered; otherwise it is answered normally after this delay
 * @param retryAfter429Seconds       0 = random 429s carry no Retry-After (HubSpot documents none); otherwise this value
 * @param retryAfter477Seconds       Retry-After sent with 477
 * @param outage                     every API request answers 503
 * @param applyWritesOnFault         false (default): an injected 5xx or hang happens before the write, so nothing changes;
 *                                   true: the write is applied and then the answer is lost (tests idempotent resends)
 * @param seed                       seed of the java.util.Random behind every fault and jitter decision
 * @param allowLifecycleBackward     false (HubSpot default): a backward lifecyclestage move is silently ignored
 * @param rejectDuplicateEventUuid   false (default): a repeated event uuid is answered 204 and not stored again;
 *                                   true: it fails the request with 400
 * @param callLogCapacity            how many recent calls keep their request body in the call log (counts are kept forever)
 * @param maxStoredEventOccurrences  event occurrences kept for inspection (oldest dropped first; uuid dedupe is kept for all)
 * @param emailEventsOffsetTtlMs     how long an {@code offset} token of {@code GET /email/public/v1/events} stays valid
 *                                   (HubSpot: "short-lived"; one client measured more than 4.5 hours); later it answers
 *                                   the expired-offset 400
 */
public record FakeConfig(
    int rateLimitPer10s,
    long dailyLimit,
    int searchPerSecond,
    boolean exemptEventsFromTenSecondly,
    boolean exemptEventsFromDaily,
    boolean exemptAssociationBatchFromTenSecondly,
    boolean exemptSearchFromTenSecondly,
    long latencyMs,
    long jitterMs,
    double errorRate,
    double rate429,
    double lockedRate,
    double migrationRate,
    double hangRate,
    long hangDelayMs,
    int retryAfter429Seconds,
    int retryAfter477Seconds,
    boolean outage,
    boolean applyWritesOnFault,
    long seed,
    boolean allowLifecycleBackward,
    boolean rejectDuplicateEventUuid,
    int callLogCapacity,
    int maxStoredEventOccurrences,
    long emailEventsOffsetTtlMs) {

  public FakeConfig {
    requireArgument(rateLimitPer10s >= 0, "rateLimitPer10s must be >= 0 (0 = unlimited)");
    requireArgument(dailyLimit >= 0, "dailyLimit must be >= 0 (0 = unlimited)");
    requireArgument(searchPerSecond >= 0, "searchPerSecond must be >= 0 (0 = unlimited)");
    requireArgument(latencyMs >= 0 && jitterMs >= 0, "latencyMs and jitterMs must be >= 0");
    requireArgument(hangDelayMs >= 0, "hangDelayMs must be >= 0 (0 = never answer)");
    requireArgument(retryAfter429Seconds >= 0 && retryAfter477Seconds >= 0, "retryAfter*Seconds must be >= 0");
    requireArgument(callLogCapacity >= 0, "callLogCapacity must be >= 0");
    requireArgument(maxStoredEventOccurrences >= 0, "maxStoredEventOccurrences must be >= 0");
    requireArgument(emailEventsOffsetTtlMs >= 0, "emailEventsOffsetTtlMs must be >= 0");
    for (double p : new double[] {errorRate, rate429, lockedRate, migrationRate, hangRate}) {
      requireArgument(p >= 0 && p <= 1, "fault rates must be probabilities in [0, 1]");
    }
    requireArgument(errorRate + rate429 + lockedRate + migrationRate + hangRate <= 1.0 + 1e-9,
        "errorRate + rate429 + lockedRate + migrationRate + hangRate must not exceed 1");
  }

  /** The defaults described in the class comment. */
  public static FakeConfig defaults() {
    return new FakeConfig(0, 0, 5, true, true, true, true, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60,
        false, false, 42L, false, false, 10_000, 1_000_000, 3_600_000L);
  }

  /** A copy with the keys of {@code patch} applied; unknown keys or wrong types fail naming the key. */
  public FakeConfig with(JsonObject patch) {
    JsonObject merged = toJson();
    for (Map.Entry<String, Object> e : patch) {
      if (!merged.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown config key '" + e.getKey() + "'; known keys: " + merged.fieldNames());
      }
      merged.put(e.getKey(), e.getValue());
    }
    try {
      return fromJson(merged);
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("config value of the wrong type in " + patch.encode(), e);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("rateLimitPer10s", rateLimitPer10s)
        .put("dailyLimit", dailyLimit)
        .put("searchPerSecond", searchPerSecond)
        .put("exemptEventsFromTenSecondly", exemptEventsFromTenSecondly)
        .put("exemptEventsFromDaily", exemptEventsFromDaily)
        .put("exemptAssociationBatchFromTenSecondly", exemptAssociationBatchFromTenSecondly)
        .put("exemptSearchFromTenSecondly", exemptSearchFromTenSecondly)
        .put("latencyMs", latencyMs)
        .put("jitterMs", jitterMs)
        .put("errorRate", errorRate)
        .put("rate429", rate429)
        .put("lockedRate", lockedRate)
        .put("migrationRate", migrationRate)
        .put("hangRate", hangRate)
        .put("hangDelayMs", hangDelayMs)
        .put("retryAfter429Seconds", retryAfter429Seconds)
        .put("retryAfter477Seconds", retryAfter477Seconds)
        .put("outage", outage)
        .put("applyWritesOnFault", applyWritesOnFault)
        .put("seed", seed)
        .put("allowLifecycleBackward", allowLifecycleBackward)
        .put("rejectDuplicateEventUuid", rejectDuplicateEventUuid)
        .put("callLogCapacity", callLogCapacity)
        .put("maxStoredEventOccurrences", maxStoredEventOccurrences)
        .put("emailEventsOffsetTtlMs", emailEventsOffsetTtlMs);
  }

  static FakeConfig fromJson(JsonObject j) {
    return new FakeConfig(
        j.getInteger("rateLimitPer10s"),
        j.getLong("dailyLimit"),
        j.getInteger("searchPerSecond"),
        j.getBoolean("exemptEventsFromTenSecondly"),
        j.getBoolean("exemptEventsFromDaily"),
        j.getBoolean("exemptAssociationBatchFromTenSecondly"),
        j.getBoolean("exemptSearchFromTenSecondly"),
        j.getLong("latencyMs"),
        j.getLong("jitterMs"),
        j.getDouble("errorRate"),
        j.getDouble("rate429"),
        j.getDouble("lockedRate"),
        j.getDouble("migrationRate"),
        j.getDouble("hangRate"),
        j.getLong("hangDelayMs"),
        j.getInteger("retryAfter429Seconds"),
        j.getInteger("retryAfter477Seconds"),
        j.getBoolean("outage"),
        j.getBoolean("applyWritesOnFault"),
        j.getLong("seed"),
        j.getBoolean("allowLifecycleBackward"),
        j.getBoolean("rejectDuplicateEventUuid"),
        j.getInteger("callLogCapacity"),
        j.getInteger("maxStoredEventOccurrences"),
        j.getLong("emailEventsOffsetTtlMs"));
  }

  // Convenience withers for the knobs tests turn most often.
  public FakeConfig withRateLimitPer10s(int v) { return with(new JsonObject().put("rateLimitPer10s", v)); }
  public FakeConfig withDailyLimit(long v) { return with(new JsonObject().put("dailyLimit", v)); }
  public FakeConfig withSearchPerSecond(int v) { return with(new JsonObject().put("searchPerSecond", v)); }
  public FakeConfig withLatency(long latency, long jitter) {
    return with(new JsonObject().put("latencyMs", latency).put("jitterMs", jitter));
  }
  public FakeConfig withErrorRate(double v) { return with(new JsonObject().put("errorRate", v)); }
  public FakeConfig withRate429(double v) { return with(new JsonObject().put("rate429", v)); }
  public FakeConfig withHangRate(double v) { return with(new JsonObject().put("hangRate", v)); }
  public FakeConfig withOutage(boolean v) { return with(new JsonObject().put("outage", v)); }
  public FakeConfig withSeed(long v) { return with(new JsonObject().put("seed", v)); }
  public FakeConfig withAllowLifecycleBackward(boolean v) { return with(new JsonObject().put("allowLifecycleBackward", v)); }
  public FakeConfig withEmailEventsOffsetTtlMs(long v) { return with(new JsonObject().put("emailEventsOffsetTtlMs", v)); }

  private static void requireArgument(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
