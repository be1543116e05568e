package io.hsdest.mapping.op;

import io.hsdest.hubspot.Endpoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
  public Endpoint endpoint() {
    return key.isRecordId() ? Endpoint.CONTACTS_UPDATE : Endpoint.CONTACTS_UPSERT;
  }

  @Override
  public String lane() {
    return key.isRecordId() ? "" : key.idProperty();
  }

  @Override
  public String recordKey() {
    return key.recordKey();
  }

  @Override
  public List<String> userKeys() {
    return UserKeys.of(userId, email);
  }

  /** The same write, to the contact with this record id (claimed or known), its key kept to fall back to. */
  public ContactWrite toRecord(String id) {
    return new ContactWrite(ContactKey.byId(id), properties, timestamp, key.isRecordId() ? fallback : key, lifecycleStage,
        nonMarketingOnCreate, userId, email);
  }

  /** The same write as an upsert by its fallback key (the record id it had is stale); null without one. */
  public ContactWrite toFallback() {
    if (fallback == null) return null;
    Map<String, String> props = new LinkedHashMap<>();
    props.put(fallback.idProperty(), fallback.value());
    props.putAll(properties);
    return new ContactWrite(fallback, props, timestamp, null, lifecycleStage, nonMarketingOnCreate, userId, email);
  }

  /** An update of some properties of a record, made by delivery itself (a lifecycle re-set, non-marketing). */
  public static ContactWrite internalUpdate(String id, Map<String, String> properties, Instant timestamp) {
    return new ContactWrite(ContactKey.byId(id), properties, timestamp, null, null, false, null, null);
  }
}
