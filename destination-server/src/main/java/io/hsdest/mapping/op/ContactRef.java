package io.hsdest.mapping.op;

/**
 * What is known to find a contact whose record id is needed (an association, a list membership):
 * the Segment userId (remembered ids), an email, or the value of the unique {@code userIdProperty}.
 */
public record ContactRef(String userId, String email, String userIdProperty) {

  public String userKey() {
    return UserKeys.of(userId, email);
  }
}
