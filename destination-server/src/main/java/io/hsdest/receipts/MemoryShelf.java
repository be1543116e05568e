package io.hsdest.receipts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Receipts in memory (sync mode, whose clients had their answers already): no serialization, no
 * disk, at most {@code max} of them; gone after a restart. The bound is Caffeine's, so the ones
 * dropped first when full are the least likely to be asked for, not strictly the oldest.
 */
final class MemoryShelf implements Shelf {
  private final Cache<String, Receipt> cache;

  MemoryShelf(long retentionMs, long max, LongSupplier clockMs) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(Duration.ofMillis(retentionMs)).maximumSize(max)
        .ticker(() -> clockMs.getAsLong() * 1_000_000L).executor(Runnable::run).build();
  }

  @Override
  public Receipt get(String messageId) {
    return cache.getIfPresent(messageId);
  }

  @Override
  public void put(Receipt r, long nowMs) {
    cache.put(r.messageId(), r);
  }

  @Override
  public void remove(String messageId, long nowMs) {
    cache.invalidate(messageId);
  }

  @Override
  public int sweep(long cutoffMs, long max) {
    long before = cache.estimatedSize();
    cache.cleanUp(); // the retention and the bound are the cache's own
    return (int) Math.max(0, before - cache.estimatedSize());
  }

  @Override
  public long size() {
    return cache.estimatedSize();
  }
}
