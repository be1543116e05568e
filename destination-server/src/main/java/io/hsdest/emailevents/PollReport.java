package io.hsdest.emailevents;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one poll did: events read from HubSpot, sent to the sink, skipped (by reason), duplicates removed, windows
 * and pages read, offsets HubSpot no longer knew, and how it ended. Filled on the export's context, then frozen into
 * {@link #toJson()} for /status and the sync endpoint.
 */
final class PollReport {
  final long startedAt;
  long finishedAt;
  String outcome = "running";
  String errorCode;
  String errorMessage;
  long read;
  long sent;
  long duplicatesRemoved;
  long windows;
  long pages;
  long offsetRestarts;
  final Map<String, Long> skipped = new TreeMap<>();

  PollReport(long startedAt) {
    this.startedAt = startedAt;
  }

  void skip(String reason, long n) {
    if (n > 0) skipped.merge(reason, n, Long::sum);
  }

  boolean succeeded() {
    return "ok".equals(outcome);
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcome", outcome);
    m.put("startedAt", Instant.ofEpochMilli(startedAt).toString());
    if (finishedAt > 0) m.put("finishedAt", Instant.ofEpochMilli(finishedAt).toString());
    m.put("read", read);
    m.put("sent", sent);
    m.put("skipped", new TreeMap<>(skipped));
    m.put("duplicatesRemoved", duplicatesRemoved);
    m.put("windows", windows);
    m.put("pages", pages);
    m.put("offsetRestarts", offsetRestarts);
    if (errorCode != null) m.put("error", Map.of("code", errorCode, "message", errorMessage));
    return m;
  }
}
