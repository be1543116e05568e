package io.hsdest.mapping.op;

import java.util.List;

/** The keys one user's operations are ordered by: their userId and their email, each when known. */
public final class UserKeys {
  private UserKeys() {}

  public static List<String> of(String userId, String email) {
    if (userId != null && email != null) return List.of("u:" + userId, "e:" + email);
    if (userId != null) return List.of("u:" + userId);
    if (email != null) return List.of("e:" + email);
    return List.of();
  }
}
