package io.hsdest.mapping;

import java.util.Locale;

/**
 * Trait key to HubSpot property name: lowercase, every run of characters outside
 * {@code [a-z0-9_]} (spaces, dots, dashes, ...) becomes one {@code _}, no trailing {@code _}.
 * CamelCase is not split ({@code accountType -> accounttype}), as Segment documents.
 */
public final class PropertyKeys {
  private PropertyKeys() {}

  public static String normalise(String key) {
    String k = Text.trim(key).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(k.length());
    boolean pendingUnderscore = false;
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (plain) {
        if (pendingUnderscore) {
          b.append('_');
          pendingUnderscore = false;
        }
        b.append(c);
      } else {
        pendingUnderscore = true;
      }
    }
    // a leading run counts (so "$x" -> "_x", which is then refused for not starting with a letter)
    if (pendingUnderscore && b.length() == 0) b.append('_');
    return b.toString();
  }

  /** HubSpot property names start with a letter. */
  public static boolean isValid(String normalised) {
    return !normalised.isEmpty() && normalised.charAt(0) >= 'a' && normalised.charAt(0) <= 'z';
  }
}
