package io.hsdest.mapping.op;

import java.util.Map;

/**
 * One custom behavioral event occurrence ({@code /events/v3/send[/batch]}).
 *
 * @param uuid derived from the messageId, so a resend is never a second occurrence
 * @param userId used to find the contact's record id at send time, after any contact write of
 *     the same user has finished
 */
public record EventSend(
    String eventName,
    String email,
    String utk,
    String objectId,
    String userId,
    String occurredAt,
    String uuid,
    Map<String, String> properties) implements Operation {

  public EventSend {
    // not copied: mapping hands over maps it never changes again, and delivery only reads them
  }

  @Override
  public String userKey() {
    return UserKeys.of(userId, email);
  }

  public EventSend withObjectId(String id) {
    return new EventSend(eventName, email, utk, id, userId, occurredAt, uuid, properties);
  }
}
