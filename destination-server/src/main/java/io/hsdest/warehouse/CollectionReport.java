package io.hsdest.warehouse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run did to one table: rows written (inserted or updated, marks of archived or merged records
 * included), of which marked archived and marked merged, whether it was the full first copy, and how it ended.
 */
record CollectionReport(SourceCollection collection, String mode, long rowsWritten, long archived, long merged,
    long valuesNotConverted, Instant startedAt, Instant finishedAt, String error) {

  boolean ok() {
    return error == null;
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("collection", collection.table);
    m.put("status", ok() ? "ok" : "failed");
    m.put("mode", mode);
    m.put("rowsWritten", rowsWritten);
    m.put("archived", archived);
    m.put("merged", merged);
    if (valuesNotConverted > 0) m.put("valuesNotConverted", valuesNotConverted);
    m.put("startedAt", startedAt.toString());
    m.put("finishedAt", finishedAt.toString());
    if (error != null) m.put("error", error);
    return m;
  }
}
