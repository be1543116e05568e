package io.hsdest.mapping.op;

import io.hsdest.hubspot.Endpoint;
import java.util.List;
import java.util.Map;

/**
 * One custom behavioral event occurrence ({@code /events/v3/send[/batch]}).
 *
 * @param uuid derived from the messageId, so a resend is never a second occurrence
 * @param userId used to find the contact's record id at send time, after any contact write of
 *     the same user has finished
 * @param userIdProperty the unique contact property holding userIds, to ask HubSpot for the contact; may be null
 */
public record EventSend(
    String eventName,
    String email,
    String utk,
    String objectId,
    String userId,
    String userIdProperty,
    String occurredAt,
    String uuid,
    Map<String, String> properties) implements Operation, NeedsContact {

  public EventSend {
    // not copied: mapping hands over maps it never changes again, and delivery only reads them
  }

  @Override
  public Endpoint endpoint() {
    return Endpoint.EVENTS_SEND_BATCH;
  }

  @Override
  public String recordKey() {
    return uuid;
  }

  @Override
  public List<String> userKeys() {
    return UserKeys.of(userId, email);
  }

  @Override
  public ContactRef contact() {
    return new ContactRef(userId, email, userIdProperty);
  }

  @Override
  public String contactId() {
    return objectId;
  }

  /** Whether HubSpot can tell whose event this is: an email, a hubspotutk or a contact id. */
  public boolean identified() {
    return email != null || utk != null || objectId != null;
  }

  @Override
  public EventSend withContactId(String id) {
    return new EventSend(eventName, email, utk, id, userId, userIdProperty, occurredAt, uuid, properties);
  }
}
