package io.hsdest.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HashMap;
import java.util.Map;

/**
 * Per record and property, the timestamp of the newest value HubSpot accepted from this server.
 * A late or replayed message never overwrites a newer value: its older properties are left out.
 * Kept in memory (bounded) and in the store, so that a client resending an older request after a
 * crash still cannot undo a newer write it was already told about. The store map is one per
 * destination and portal ({@link StoreNames}).
 */
public final class Watermarks {
  /** A resend comes within a client's retry window; a week is far beyond any of them. */
  static final long KEEP_MS = 7L * 24 * 3600 * 1000;

  private final Cache<String, Map<String, Long>> byRecord;
  private final KeyValueMap disk;
  private final boolean readOnly;

  /** @param disk where the watermarks are kept across restarts, or null */
  public Watermarks(long maxRecords, KeyValueMap disk) {
    this(Caffeine.newBuilder().maximumSize(maxRecords).build(), disk, false);
  }

  private Watermarks(Cache<String, Map<String, Long>> byRecord, KeyValueMap disk, boolean readOnly) {
    this.byRecord = byRecord;
    this.disk = disk;
    this.readOnly = readOnly;
  }

  /** The same watermarks, read-only (for {@code /v1/validate}). */
  public Watermarks readOnly() {
    return new Watermarks(byRecord, null, true);
  }

  /** Whether a value with this timestamp is older than what HubSpot already has from us. */
  public boolean stale(String record, String property, long timestampMs) {
    Map<String, Long> marks = byRecord.getIfPresent(record);
    if (marks == null) return false;
    Long mark = marks.get(property);
    return mark != null && mark > timestampMs;
  }

  public void applied(String record, Map<String, Long> timestamps, long now) {
    if (readOnly) return;
    Map<String, Long> merged = byRecord.asMap().compute(record, (k, marks) -> {
      Map<String, Long> m = marks == null ? new HashMap<>() : marks;
      timestamps.forEach((p, ts) -> m.merge(p, ts, Math::max));
      return m;
    });
    if (disk != null) disk.put(record, encode(merged, now));
  }

  /** Loads the kept watermarks (blocking: off the event loop) and forgets those older than a week. */
  public void restore(long now) {
    if (disk == null) return;
    for (Map.Entry<String, String> e : disk.withPrefix("")) {
      int semicolon = e.getValue().indexOf(';');
      long writtenAt = semicolon < 0 ? 0 : Long.parseLong(e.getValue().substring(0, semicolon), Character.MAX_RADIX);
      if (now - writtenAt > KEEP_MS) {
        disk.remove(e.getKey());
        continue;
      }
      byRecord.put(e.getKey(), decode(e.getValue().substring(semicolon + 1)));
    }
  }

  /** {@code writtenAt;property=timestamp,...} with times in base 36 (property names are [a-z0-9_]): short on disk. */
  private static String encode(Map<String, Long> marks, long now) {
    StringBuilder b = new StringBuilder(16 + marks.size() * 24).append(Long.toString(now, Character.MAX_RADIX)).append(';');
    marks.forEach((p, ts) -> b.append(p).append('=').append(Long.toString(ts, Character.MAX_RADIX)).append(','));
    return b.toString();
  }

  private static Map<String, Long> decode(String s) {
    Map<String, Long> m = new HashMap<>();
    for (String pair : s.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) m.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1), Character.MAX_RADIX));
    }
    return m;
  }
}
