package io.hsdest.mapping.op;

/** The per-user ordering key: the userId when there is one, else the email. */
public final class UserKeys {
  private UserKeys() {}

  public static String of(String userId, String email) {
    if (userId != null) return "u:" + userId;
    if (email != null) return "e:" + email;
    return null;
  }
}
