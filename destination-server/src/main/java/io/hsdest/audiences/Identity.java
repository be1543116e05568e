package io.hsdest.audiences;

/** How a member names its contact: by email, by CDP userId (through {@code userIdProperty}), or by HubSpot record id. */
enum Identity {
  EMAIL, USER_ID, CONTACT_ID;

  /** The {@code cohortIdentity} setting's values: {@code email}, {@code userId}, {@code contactId}. */
  static Identity ofSetting(String s) {
    return switch (s) {
      case "userId" -> USER_ID;
      case "contactId" -> CONTACT_ID;
      default -> EMAIL;
    };
  }
}
