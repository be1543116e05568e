package io.hsdest.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.h2.mvstore.MVMap;

/**
 * The contacts and companies the destination has written, remembered by Segment userId, email
 * and groupId, so that a later event carries the contact's objectId and a group can associate
 * the user's contact without searching. In memory (bounded, thread-safe) and in the
 * {@link io.hsdest.store.LocalStore}: after a restart a pending association still finds its contact.
 */
final class ContactIds {
  private static final String STALE = "stale:";

  private final Cache<String, String> byKey;
  private final MVMap<String, String> disk;
  private final long maxEntries;

  /** @param disk where the ids are kept across restarts, or null */
  ContactIds(long maxEntries, MVMap<String, String> disk) {
    this.maxEntries = maxEntries;
    this.byKey = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterAccess(Duration.ofDays(30)).build();
    this.disk = disk;
  }

  void rememberContact(String userId, String email, String contactId) {
    if (contactId == null) return;
    if (userId != null) put("u:" + userId, contactId);
    if (email != null) put("e:" + email, contactId);
  }

  String contactByUser(String userId) {
    return userId == null ? null : byKey.getIfPresent("u:" + userId);
  }

  String contactByEmail(String email) {
    return email == null ? null : byKey.getIfPresent("e:" + email);
  }

  /** A contact id turned out stale (merged or deleted): forget every key that points to it. */
  void forgetContact(String contactId) {
    byKey.asMap().values().removeIf(contactId::equals);
    if (disk != null) disk.put(STALE + contactId, "");
  }

  void rememberCompany(String groupId, String companyId) {
    if (groupId != null && companyId != null) put("g:" + groupId, companyId);
  }

  String companyByGroup(String groupId) {
    return groupId == null ? null : byKey.getIfPresent("g:" + groupId);
  }

  private void put(String key, String id) {
    byKey.put(key, id);
    if (disk != null) disk.put(key, id);
  }

  /** Loads the kept ids (blocking: off the event loop), leaving out those known to be stale. */
  void restore() {
    if (disk == null) return;
    Set<String> stale = new HashSet<>();
    for (String k : disk.keySet()) if (k.startsWith(STALE)) stale.add(k.substring(STALE.length()));
    long loaded = 0;
    for (var e : disk.entrySet()) {
      if (e.getKey().startsWith(STALE) || stale.contains(e.getValue())) continue;
      if (++loaded > maxEntries) break;
      byKey.put(e.getKey(), e.getValue());
    }
  }
}
