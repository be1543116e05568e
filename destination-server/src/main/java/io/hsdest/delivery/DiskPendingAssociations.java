package io.hsdest.delivery;

import io.hsdest.store.LocalStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;
import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pending associations in the {@link LocalStore}, one map per destination. An entry is
 * acknowledged only after the store committed it, so a {@code kill -9} right after the client's 200 forgets nothing. Bounded: when
 * full, a new entry is refused (the message says so) rather than an older promise silently
 * dropped. Expired entries are swept with a log line.
 */
public final class DiskPendingAssociations implements PendingAssociations {
  private static final Logger LOG = LoggerFactory.getLogger(DiskPendingAssociations.class);
  private static final char SEP = '\u0000';

  private final LocalStore store;
  private final MVMap<String, Long> map;
  private final String destinationId;
  private final int maxEntries;
  private final LongSupplier clock;

  public DiskPendingAssociations(LocalStore store, String destinationId, int maxEntries, LongSupplier clock) {
    this.store = store;
    this.destinationId = destinationId;
    this.map = store.map("pending-associations:" + destinationId);
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** Every entry not expired (to make those whose contact is known already, after a restart). */
  List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    long now = clock.getAsLong();
    for (var e : map.entrySet()) if (e.getValue() > now) out.add(entry(e.getKey(), e.getValue()));
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
    if (map.size() >= maxEntries && !map.containsKey(key(e))) {
      return Future.failedFuture("more than pendingAssociationMaxEntries (" + maxEntries + ") associations are pending");
    }
    map.merge(key(e), e.expiresAtMs(), Math::max);
    return commit();
  }

  @Override
  public List<Entry> forUser(String userId) {
    List<Entry> out = new ArrayList<>();
    String prefix = userId + SEP;
    long now = clock.getAsLong();
    Iterator<String> keys = map.keyIterator(prefix);
    while (keys.hasNext()) {
      String k = keys.next();
      if (!k.startsWith(prefix)) break;
      Long expires = map.get(k);
      if (expires != null && expires > now) out.add(entry(k, expires));
    }
    return out;
  }

  @Override
  public Future<Void> remove(Entry e) {
    map.remove(key(e));
    return commit();
  }

  @Override
  public long size() {
    return map.sizeAsLong();
  }

  /** Removes expired promises, each with a log line naming the user and company (no personal data beyond ids). */
  public Future<Integer> sweepExpired() {
    long now = clock.getAsLong();
    int removed = 0;
    for (Iterator<String> it = map.keyIterator(null); it.hasNext(); ) {
      String k = it.next();
      Long expires = map.get(k);
      if (expires != null && expires <= now) {
        Entry e = entry(k, expires);
        map.remove(k);
        removed++;
        LOG.warn("destination {}: pending association of user {} with company {} expired: the user's contact never became known",
            destinationId, e.userId(), e.companyId());
      }
    }
    int n = removed;
    return n == 0 ? Future.succeededFuture(0) : commit().map(n);
  }

  private Future<Void> commit() {
    return store.commit();
  }
}
