package io.hsdest.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link KeyValueMap} whose entries expire (receipts kept {@code receiptRetentionHours}): each value
 * is stored with the time it was written, and a second map indexes keys by that time
 * ({@code <name>#by-time}, keys {@code <16 hex digits of ms>:<key>}), so {@link #sweep} walks only the
 * expired entries, oldest first, whatever the map's size. Call {@code sweep} periodically (the
 * destination's owner, then {@code commit()}); removals travel like any write (tombstones in Kafka).
 */
public final class ExpiringMap {
  private final KeyValueMap values;
  private final KeyValueMap byTime;

  public ExpiringMap(KeyValueStore store, String name) {
    this.values = store.map(name);
    this.byTime = store.map(name + "#by-time");
  }

  public String get(String key) {
    String stored = values.get(key);
    return stored == null ? null : stored.substring(17);
  }

  /** Writes (or rewrites) a value at {@code nowMs}; it expires {@code retention} after that time. */
  public void put(String key, String value, long nowMs) {
    String old = values.get(key);
    if (old != null) byTime.remove(old.substring(0, 16) + ":" + key);
    String time = String.format("%016x", nowMs);
    values.put(key, time + ":" + value);
    byTime.put(time + ":" + key, "");
  }

  public void remove(String key) {
    String stored = values.get(key);
    if (stored == null) return;
    byTime.remove(stored.substring(0, 16) + ":" + key);
    values.remove(key);
  }

  /** Removes up to {@code max} entries written before {@code cutoffMs}; returns how many. */
  public int sweep(long cutoffMs, int max) {
    String cutoff = String.format("%016x", cutoffMs);
    List<String> expired = new ArrayList<>();
    for (Map.Entry<String, String> e : byTime.withPrefix("")) {
      if (expired.size() >= max || e.getKey().substring(0, 16).compareTo(cutoff) >= 0) break;
      expired.add(e.getKey());
    }
    for (String indexKey : expired) {
      String key = indexKey.substring(17);
      String stored = values.get(key);
      if (stored != null && stored.startsWith(indexKey.substring(0, 16))) values.remove(key);
      byTime.remove(indexKey);
    }
    return expired.size();
  }

  public long size() {
    return values.size();
  }
}
