package io.hsdest.emailevents;

/**
 * The export's internal timings, not user settings: how far behind "now" it reads (HubSpot shows events with a short
 * delay), how much of the already-read past each poll reads again for late events, how long a time window is, and
 * how retries towards HubSpot and the sink back off and how long they may wait in all. Defaults suit production;
 * tests shorten them (system properties {@code hsdest.emailEvents.<name>} for a server process).
 *
 * @param settleMs        events newer than now minus this are left for the next poll
 * @param trailingMs      every poll reads again this much before where the last one stopped; late events found
 *                        there are sent, events already sent are not
 * @param initialWindowMs first length of a time window; it halves when a window holds many pages, doubles when few
 * @param minWindowMs     shortest window
 * @param maxWindowMs     longest window
 * @param pageSize        events per HubSpot call (HubSpot's maximum is 1,000)
 * @param hubspotMaxWaitMs how long one poll keeps retrying HubSpot (429, 5xx, no answer) before it gives up until the
 *                        next poll
 * @param sinkMaxWaitMs   how long one batch keeps retrying the sink (429, 5xx, no answer) before the poll gives up
 * @param sinkTimeoutMs   how long one sink request may go unanswered
 * @param amplitudeThrottleMs Amplitude's advice after a 429: leave the throttled users alone this long
 * @param minCallIntervalMs at least this long between two HubSpot calls of the export: it spends the token's budget
 *                        with delivery, and a backfill should leave most of it to the messages clients wait for
 *                        (500 ms: at most 2 calls a second, 2,000 events a second, a fifth of a 100-per-10-s budget)
 */
record ExportTuning(long settleMs, long trailingMs, long initialWindowMs, long minWindowMs, long maxWindowMs,
    int pageSize, Backoff hubspotBackoff, long hubspotMaxWaitMs, Backoff sinkBackoff, long sinkMaxWaitMs,
    long sinkTimeoutMs, long amplitudeThrottleMs, long minCallIntervalMs) {

  static final ExportTuning DEFAULTS = new ExportTuning(60_000, 15 * 60_000, 3_600_000, 60_000, 86_400_000, 1000,
      new Backoff(1_000, 60_000), 5 * 60_000, new Backoff(1_000, 60_000), 10 * 60_000, 30_000, 30_000, 500);


  ExportTuning {
    if (pageSize < 1 || pageSize > 1000) throw new IllegalArgumentException("pageSize must be 1..1000");
    if (minWindowMs < 1 || minWindowMs > maxWindowMs) throw new IllegalArgumentException("need 1 <= minWindowMs <= maxWindowMs");
  }

  /** The defaults, each replaced by the system property {@code hsdest.emailEvents.<name>} when set. */
  static ExportTuning fromSystemProperties() {
    ExportTuning d = DEFAULTS;
    return new ExportTuning(prop("settleMs", d.settleMs), prop("trailingMs", d.trailingMs),
        prop("initialWindowMs", d.initialWindowMs), prop("minWindowMs", d.minWindowMs),
        prop("maxWindowMs", d.maxWindowMs), (int) prop("pageSize", d.pageSize),
        new Backoff(prop("hubspotBackoffBaseMs", d.hubspotBackoff.baseMs()),
            prop("hubspotBackoffMaxMs", d.hubspotBackoff.maxMs())),
        prop("hubspotMaxWaitMs", d.hubspotMaxWaitMs),
        new Backoff(prop("sinkBackoffBaseMs", d.sinkBackoff.baseMs()), prop("sinkBackoffMaxMs", d.sinkBackoff.maxMs())),
        prop("sinkMaxWaitMs", d.sinkMaxWaitMs), prop("sinkTimeoutMs", d.sinkTimeoutMs),
        prop("amplitudeThrottleMs", d.amplitudeThrottleMs), prop("minCallIntervalMs", d.minCallIntervalMs));
  }

  private static long prop(String name, long fallback) {
    return Long.getLong("hsdest.emailEvents." + name, fallback);
  }
}
