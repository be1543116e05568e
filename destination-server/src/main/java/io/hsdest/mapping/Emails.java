package io.hsdest.mapping;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Email hygiene: HubSpot matches emails case-insensitively, so the destination always sends them
 * trimmed, without invisible characters and in lowercase, and refuses what is clearly no address.
 */
public final class Emails {
  private static final Pattern SHAPE = Pattern.compile(
      "^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\\.[a-z]{2,}$");

  private Emails() {}

  /** The normalised address, or null when the value is absent or blank. */
  public static String normalise(Object value) {
    if (!(value instanceof String s)) return null;
    String e = Text.withoutInvisible(Text.trim(s)).toLowerCase(Locale.ROOT);
    return e.isEmpty() ? null : e;
  }

  /** A basic syntax check: local part, one {@code @}, a dotted domain; no spaces, no double dots. */
  public static boolean isValid(String normalised) {
    return normalised != null
        && normalised.length() <= 254
        && !normalised.contains("..")
        && !normalised.startsWith(".")
        && !normalised.contains(".@")
        && SHAPE.matcher(normalised).matches();
  }
}
