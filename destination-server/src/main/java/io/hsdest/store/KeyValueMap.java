package io.hsdest.store;

import java.util.Map;

/**
 * One named map of a {@link KeyValueStore}. Reads and writes are in memory and cheap (safe from any
 * thread, never blocking an event loop); durability comes with the store's {@code commit()}.
 */
public interface KeyValueMap {
  String get(String key);

  void put(String key, String value);

  void remove(String key);

  /** The entries whose key starts with {@code prefix}, in key order (a snapshot or a weakly consistent view). */
  Iterable<Map.Entry<String, String>> withPrefix(String prefix);

  long size();
}
