package io.hsdest.receipts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsdest.store.ExpiringMap;
import io.hsdest.store.KeyValueStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Receipts as JSON in a destination's store: they survive a restart, and with Kafka every instance reads them. */
final class StoredShelf implements Shelf {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ExpiringMap map;

  StoredShelf(KeyValueStore store, String name) {
    this.map = new ExpiringMap(store, name);
  }

  @Override
  public Receipt get(String messageId) {
    String json = map.get(messageId);
    if (json == null) return null;
    try {
      return JSON.readValue(json, Receipt.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void put(Receipt r, long nowMs) {
    try {
      map.put(r.messageId(), JSON.writeValueAsString(r), nowMs);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void remove(String messageId) {
    map.remove(messageId);
  }

  @Override
  public int sweep(long cutoffMs, long max) {
    int removed = map.sweep(cutoffMs, Integer.MAX_VALUE);
    long excess = map.size() - max;
    if (excess > 0) removed += map.sweep(Long.MAX_VALUE, (int) Math.min(Integer.MAX_VALUE, excess));
    return removed;
  }

  @Override
  public long size() {
    return map.size();
  }
}
