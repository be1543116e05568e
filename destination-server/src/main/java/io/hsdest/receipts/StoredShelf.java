package io.hsdest.receipts;

import io.hsdest.store.ExpiringMap;
import io.hsdest.store.KeyValueStore;

/** Receipts as JSON in a destination's store shared through Kafka: every instance reads them. */
final class StoredShelf implements Shelf {
  private final ExpiringMap map;

  StoredShelf(KeyValueStore store, String name) {
    this.map = new ExpiringMap(store, name);
  }

  @Override
  public Receipt get(String messageId) {
    String json = map.get(messageId);
    return json == null ? null : ReceiptCodec.read(json);
  }

  @Override
  public void put(Receipt r, long nowMs) {
    map.put(r.messageId(), ReceiptCodec.text(r), nowMs);
  }

  @Override
  public void remove(String messageId, long nowMs) {
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
