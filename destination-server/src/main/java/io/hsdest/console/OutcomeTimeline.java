package io.hsdest.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages by outcome per minute over the last {@code minutes} minutes, in a fixed ring of counters: memory does not
 * grow with traffic or time. A slot is reused when its minute comes round again. Thread-safe; one lock per
 * destination, taken once per delivered request.
 */
final class OutcomeTimeline {
  /** The outcomes counted, in the order the chart draws them; {@code RETRY_LATER} is a message answered 429/503. */
  static final List<String> OUTCOMES = List.of("DELIVERED", "DELIVERED_WITH_WARNINGS", "SKIPPED", "DROPPED", "RETRY_LATER",
      "FAILED");

  private final int minutes;
  private final long[] minuteOfSlot;
  private final long[][] counts;

  OutcomeTimeline(int minutes) {
    this.minutes = minutes;
    this.minuteOfSlot = new long[minutes];
    java.util.Arrays.fill(minuteOfSlot, Long.MIN_VALUE);
    this.counts = new long[minutes][OUTCOMES.size()];
  }

  static int indexOf(String outcome) {
    int i = OUTCOMES.indexOf(outcome);
    return i < 0 ? OUTCOMES.indexOf("RETRY_LATER") : i;
  }

  /** Counts {@code n} messages of each outcome index in {@code byOutcome} at {@code nowMs}. */
  synchronized void add(long nowMs, int[] byOutcome) {
    long minute = Math.floorDiv(nowMs, 60_000L);
    int slot = (int) Math.floorMod(minute, (long) minutes);
    if (minuteOfSlot[slot] != minute) {
      minuteOfSlot[slot] = minute;
      java.util.Arrays.fill(counts[slot], 0);
    }
    for (int i = 0; i < byOutcome.length; i++) counts[slot][i] += byOutcome[i];
  }

  /**
   * The last {@code minutes} minutes up to {@code nowMs}, oldest first: {@code minutes} (each minute's start, in epoch
   * seconds, as the chart takes them), one series per outcome, and the totals over the window.
   */
  synchronized Map<String, Object> snapshot(long nowMs) {
    long last = Math.floorDiv(nowMs, 60_000L);
    List<Long> starts = new ArrayList<>(minutes);
    long[][] series = new long[OUTCOMES.size()][minutes];
    long[] totals = new long[OUTCOMES.size()];
    for (int k = 0; k < minutes; k++) {
      long minute = last - (minutes - 1) + k;
      starts.add(minute * 60);
      int slot = (int) Math.floorMod(minute, (long) minutes);
      if (minuteOfSlot[slot] != minute) continue;
      for (int o = 0; o < OUTCOMES.size(); o++) {
        series[o][k] = counts[slot][o];
        totals[o] += counts[slot][o];
      }
    }
    Map<String, Object> bySeries = new LinkedHashMap<>();
    Map<String, Object> byTotal = new LinkedHashMap<>();
    for (int o = 0; o < OUTCOMES.size(); o++) {
      List<Long> values = new ArrayList<>(minutes);
      for (long v : series[o]) values.add(v);
      bySeries.put(OUTCOMES.get(o), values);
      byTotal.put(OUTCOMES.get(o), totals[o]);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("minutes", starts);
    out.put("series", bySeries);
    out.put("totals", byTotal);
    return out;
  }
}
