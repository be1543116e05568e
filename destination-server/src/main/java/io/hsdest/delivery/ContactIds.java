package io.hsdest.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * The contacts and companies the destination has written, remembered by Segment userId, email
 * and groupId, so that a later event carries the contact's objectId and a group can associate
 * the user's contact without searching. Bounded and thread-safe (Caffeine).
 */
final class ContactIds {
  private final Cache<String, String> byKey;

  ContactIds(long maxEntries) {
    byKey = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterAccess(Duration.ofDays(30)).build();
  }

  void rememberContact(String userId, String email, String contactId) {
    if (contactId == null) return;
    if (userId != null) byKey.put("u:" + userId, contactId);
    if (email != null) byKey.put("e:" + email, contactId);
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
  }

  void rememberCompany(String groupId, String companyId) {
    if (groupId != null && companyId != null) byKey.put("g:" + groupId, companyId);
  }

  String companyByGroup(String groupId) {
    return groupId == null ? null : byKey.getIfPresent("g:" + groupId);
  }
}
