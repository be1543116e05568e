package io.hsdest.mapping.op;

import java.time.Instant;
import java.util.Map;

/**
 * Create or update one contact: {@code batch/upsert} by a unique property, or {@code batch/update}
 * by record id. Writes to the same key merge: union of properties, latest {@code timestamp} wins.
 *
 * @param fallback an upsert key to use when the record id turns out to be stale (404); may be null
 * @param lifecycleStage the stage asked for, so delivery can tell when HubSpot kept a later one
 * @param nonMarketingOnCreate set {@code hs_marketable_status=false} if HubSpot reports the contact as new
 * @param userId the Segment userId, remembered with the contact id after the write
 * @param email the normalised email, remembered with the contact id after the write
 */
public record ContactWrite(
    ContactKey key,
    Map<String, String> properties,
    Instant timestamp,
    ContactKey fallback,
    String lifecycleStage,
    boolean nonMarketingOnCreate,
    String userId,
    String email) implements Operation {

  public ContactWrite {
    // not copied: mapping hands over maps it never changes again, and delivery only reads them
  }

  @Override
  public String userKey() {
    return UserKeys.of(userId, email);
  }
}
