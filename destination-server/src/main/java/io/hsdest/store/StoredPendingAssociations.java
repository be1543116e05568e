package io.hsdest.store;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pending associations in a {@link KeyValueStore} map per destination and portal. An entry is
 * acknowledged only after the store committed it, so a {@code kill -9} right after the client's
 * 200 forgets nothing. Bounded: when full, a new entry is refused (the message says so) rather
 * than an older promise silently dropped. Expired entries are swept with a log line.
 */
public final class StoredPendingAssociations implements PendingAssociations {
  private static final Logger LOG = LoggerFactory.getLogger(StoredPendingAssociations.class);
  private static final char SEP = '\u0000';

  private final KeyValueStore store;
  private final KeyValueMap map;
  private final String destinationId;
  private final int maxEntries;
  private final LongSupplier clock;

  public StoredPendingAssociations(KeyValueStore store, String destinationId, String portalId, int maxEntries, LongSupplier clock) {
    this.store = store;
    this.destinationId = destinationId;
    this.map = store.map(StoreNames.pendingAssociations(destinationId, portalId));
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** Every entry not expired (to make those whose contact is known already, after a restart). */
  public List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    long now = clock.getAsLong();
    for (Map.Entry<String, String> e : map.withPrefix("")) {
      long expires = Long.parseLong(e.getValue());
      if (expires > now) out.add(entry(e.getKey(), expires));
    }
    return out;
  }

  private static String key(Entry e) {
    return e.userId() + SEP + e.companyId() + SEP + (e.associationTypeId() == null ? "" : e.associationTypeId());
  }

  private static Entry entry(String key, long expires) {
    String[] parts = key.split(String.valueOf(SEP), -1);
    return new Entry(parts[0], parts[1], parts[2].isEmpty() ? null : Integer.valueOf(parts[2]), expires);
  }

  @Override
  public Future<Void> add(Entry e) {
    String key = key(e);
    String had = map.get(key);
    if (had == null && map.size() >= maxEntries) {
      return Future.failedFuture("more than pendingAssociationMaxEntries (" + maxEntries + ") associations are pending");
    }
    long expires = had == null ? e.expiresAtMs() : Math.max(e.expiresAtMs(), Long.parseLong(had));
    map.put(key, Long.toString(expires));
    return store.commit();
  }

  @Override
  public List<Entry> forUser(String userId) {
    List<Entry> out = new ArrayList<>();
    long now = clock.getAsLong();
    for (Map.Entry<String, String> e : map.withPrefix(userId + SEP)) {
      long expires = Long.parseLong(e.getValue());
      if (expires > now) out.add(entry(e.getKey(), expires));
    }
    return out;
  }

  @Override
  public Future<Void> remove(Entry e) {
    map.remove(key(e));
    return store.commit();
  }

  @Override
  public long size() {
    return map.size();
  }

  /** Removes expired promises, each with a log line naming the user and company (no personal data beyond ids). */
  public Future<Integer> sweepExpired() {
    long now = clock.getAsLong();
    int removed = 0;
    for (Map.Entry<String, String> e : map.withPrefix("")) {
      long expires = Long.parseLong(e.getValue());
      if (expires <= now) {
        Entry entry = entry(e.getKey(), expires);
        map.remove(e.getKey());
        removed++;
        LOG.warn("destination {}: pending association of user {} with company {} expired: the user's contact never became known",
            destinationId, entry.userId(), entry.companyId());
      }
    }
    int n = removed;
    return n == 0 ? Future.succeededFuture(0) : store.commit().map(n);
  }
}
