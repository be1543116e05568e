package io.hsdest.warehouse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run did, per table; failed when any table failed (the others are still written). */
public record RunReport(String destinationId, Instant startedAt, Instant finishedAt, List<CollectionReport> tables,
    long hubspotCalls, String error) {

  public boolean ok() {
    return error == null && tables.stream().allMatch(CollectionReport::ok);
  }

  /** The admin endpoint's answer and /status's {@code lastRun}. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", ok());
    m.put("destination", destinationId);
    m.put("startedAt", startedAt.toString());
    m.put("finishedAt", finishedAt.toString());
    Map<String, Object> rows = new LinkedHashMap<>();
    Map<String, Object> detail = new LinkedHashMap<>();
    for (CollectionReport t : tables) {
      rows.put(t.collection().table, t.rowsWritten());
      detail.put(t.collection().table, t.toJson());
    }
    m.put("rowsWritten", rows);
    m.put("tables", detail);
    m.put("hubspotCalls", hubspotCalls);
    if (!ok()) {
      String why = error;
      if (why == null) {
        for (CollectionReport t : tables) if (!t.ok()) { why = t.collection().table + ": " + t.error(); break; }
      }
      m.put("error", Map.of("code", "WAREHOUSE_SYNC_FAILED", "message", why + "; the next run resumes where this one stopped"));
    }
    return m;
  }
}
