package io.hsdest.mapping.op;

import java.util.List;

/**
 * What is known to find a contact whose record id is needed (an association, a list membership,
 * an event): the Segment userId (remembered ids, or the unique {@code userIdProperty}), an email.
 */
public record ContactRef(String userId, String email, String userIdProperty) {

  public List<String> userKeys() {
    return UserKeys.of(userId, email);
  }

  /** How HubSpot can be asked for this contact: by email, else by the userId property; null when neither. */
  public ContactKey lookupKey() {
    if (email != null) return ContactKey.by("email", email);
    if (userId != null && userIdProperty != null) return ContactKey.by(userIdProperty, userId);
    return null;
  }
}
