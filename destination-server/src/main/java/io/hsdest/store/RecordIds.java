package io.hsdest.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;

/**
 * Hints: the HubSpot records this destination wrote or found, by Segment userId, email and
 * groupId, so that a later event carries its contact's objectId and a group can associate the
 * user's contact without searching. HubSpot is the truth: when it refuses an id (deleted, merged,
 * a portal reset under the same data directory), {@link #forgetContact}/{@link #forgetCompany} drop
 * it in O(1) (later lookups skip it) and the record is found again by its key. The store map is one
 * per destination and portal ({@link StoreNames}), so another portal behind the same destination
 * never inherits them. In memory (bounded, thread-safe) and, for live destinations, in the store.
 */
public final class RecordIds {
  private static final String STALE = "stale:";

  private final Cache<String, String> byKey;
  private final Cache<String, Boolean> stale;
  private final KeyValueMap disk;
  private final long maxEntries;
  private final boolean readOnly;

  /** @param disk where the ids are kept across restarts, or null */
  public RecordIds(long maxEntries, KeyValueMap disk) {
    this.maxEntries = maxEntries;
    this.byKey = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterAccess(Duration.ofDays(30)).build();
    this.stale = Caffeine.newBuilder().maximumSize(maxEntries / 10 + 1_000).build();
    this.disk = disk;
    this.readOnly = false;
  }

  private RecordIds(RecordIds of) {
    this.maxEntries = of.maxEntries;
    this.byKey = of.byKey;
    this.stale = of.stale;
    this.disk = null;
    this.readOnly = true;
  }

  /** The same hints, read-only: what {@code /v1/validate} consults to say what delivery would do, changing nothing. */
  public RecordIds readOnly() {
    return new RecordIds(this);
  }

  public void rememberContact(String userId, String email, String contactId) {
    if (contactId == null || readOnly) return;
    unstale("c:" + contactId);
    if (userId != null) put("u:" + userId, contactId);
    if (email != null) put("e:" + email, contactId);
  }

  public String contactByUser(String userId) {
    return userId == null ? null : live("u:" + userId, "c:");
  }

  public String contactByEmail(String email) {
    return email == null ? null : live("e:" + email, "c:");
  }

  /** HubSpot no longer has this contact (merged or deleted): no key leads to it any more. */
  public void forgetContact(String contactId) {
    if (!readOnly) markStale("c:" + contactId);
  }

  public void rememberCompany(String groupId, String companyId) {
    if (groupId == null || companyId == null || readOnly) return;
    unstale("g:" + companyId);
    put("g:" + groupId, companyId);
  }

  public String companyByGroup(String groupId) {
    return groupId == null ? null : live("g:" + groupId, "g:");
  }

  public void forgetCompany(String companyId) {
    if (!readOnly) markStale("g:" + companyId);
  }

  private String live(String key, String kind) {
    String id = byKey.getIfPresent(key);
    if (id != null && stale.getIfPresent(kind + id) != null) {
      if (!readOnly) byKey.invalidate(key);
      return null;
    }
    return id;
  }

  private void markStale(String kindAndId) {
    stale.put(kindAndId, Boolean.TRUE);
    if (disk != null) disk.put(STALE + kindAndId, "");
  }

  private void unstale(String kindAndId) {
    if (stale.getIfPresent(kindAndId) == null) return;
    stale.invalidate(kindAndId);
    if (disk != null) disk.remove(STALE + kindAndId);
  }

  /** Writes only what changed: most writes repeat an id already known, and each store write costs a disk (or Kafka) write. */
  private void put(String key, String id) {
    if (id.equals(byKey.getIfPresent(key))) return;
    byKey.put(key, id);
    if (disk != null) disk.put(key, id);
  }

  /** Loads the kept ids (blocking: off the event loop). */
  public void restore() {
    if (disk == null) return;
    for (Map.Entry<String, String> e : disk.withPrefix(STALE)) stale.put(e.getKey().substring(STALE.length()), Boolean.TRUE);
    long loaded = 0;
    for (Map.Entry<String, String> e : disk.withPrefix("")) {
      String key = e.getKey();
      if (key.startsWith(STALE)) continue;
      if (++loaded > maxEntries) break;
      byKey.put(key, e.getValue());
    }
  }
}
