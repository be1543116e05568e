package io.hsdest.fake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** HubSpot's time formats: ISO-8601 UTC with milliseconds on the way out, ISO-8601 or epoch ms on the way in. */
final class Timestamps {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private Timestamps() {
  }

  static String iso(long epochMs) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMs));
  }

  /** "18:31:29.103" as in HubSpot's INVALID_DATE message (milliseconds only when not zero). */
  static String timeOfDay(long epochMs) {
    String t = TIME_OF_DAY.format(Instant.ofEpochMilli(epochMs));
    long ms = Math.floorMod(epochMs, 1000L);
    return ms == 0 ? t : t + String.format(".%03d", ms);
  }

  static boolean isEpochMillis(String s) {
    if (s.isEmpty() || s.length() > 19) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && s.length() > 1)) {
        return false;
      }
    }
    return true;
  }

  /** Epoch ms of an ISO-8601 date-time (any offset; no offset = UTC), a date (= midnight UTC), or epoch ms; null if none. */
  static Long parseInstant(String s) {
    if (isEpochMillis(s)) {
      return Long.parseLong(s);
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }
}
