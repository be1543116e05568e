package io.hsdest.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HashMap;
import java.util.Map;

/**
 * Per record and property, the timestamp of the newest value HubSpot accepted from this server.
 * A late or replayed message never overwrites a newer value: its older properties are left out.
 * Bounded (Caffeine); forgetting a record only loses this protection for it, nothing else.
 */
final class Watermarks {
  private final Cache<String, Map<String, Long>> byRecord;

  Watermarks(long maxRecords) {
    byRecord = Caffeine.newBuilder().maximumSize(maxRecords).build();
  }

  /** Whether a value with this timestamp is older than what HubSpot already has from us. */
  boolean stale(String record, String property, long timestampMs) {
    Map<String, Long> marks = byRecord.getIfPresent(record);
    if (marks == null) return false;
    Long mark = marks.get(property);
    return mark != null && mark > timestampMs;
  }

  boolean known(String record) {
    return byRecord.getIfPresent(record) != null;
  }

  void applied(String record, Map<String, Long> timestamps) {
    byRecord.asMap().compute(record, (k, marks) -> {
      Map<String, Long> m = marks == null ? new HashMap<>() : marks;
      timestamps.forEach((p, ts) -> m.merge(p, ts, Math::max));
      return m;
    });
  }
}
