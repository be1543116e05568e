package io.hsdest.store;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** One map kept in memory, sorted by key, with its size counted (a skip list's own size() walks it). */
final class SortedView implements KeyValueMap {
  private final ConcurrentSkipListMap<String, String> entries = new ConcurrentSkipListMap<>();
  private final AtomicLong size = new AtomicLong();

  @Override
  public String get(String key) {
    return entries.get(key);
  }

  @Override
  public void put(String key, String value) {
    if (value == null) throw new IllegalArgumentException("null value for " + key + ": use remove");
    if (entries.put(key, value) == null) size.incrementAndGet();
  }

  @Override
  public void remove(String key) {
    if (entries.remove(key) != null) size.decrementAndGet();
  }

  @Override
  public Iterable<Map.Entry<String, String>> withPrefix(String prefix) {
    return prefix.isEmpty() ? entries.entrySet() : entries.subMap(prefix, true, prefix + Character.MAX_VALUE, false).entrySet();
  }

  @Override
  public long size() {
    return size.get();
  }
}
