package io.hsdest.ingest.message;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The one rule for reading a point in time from a Segment value: ISO-8601 strings with any offset
 * (or none, read as UTC), date-only strings (midnight UTC), and epoch <b>milliseconds</b> as a number
 * or numeric string. There is deliberately no seconds heuristic: a number is always milliseconds.
 */
public final class Timestamps {
  private static final Pattern DIGITS = Pattern.compile("-?\\d{1,15}");
  private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  /** ISO-8601 date-time with optional seconds/fraction and optional offset (Z, +hh:mm, +hhmm, +hh). */
  private static final DateTimeFormatter ISO_LENIENT = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .appendLiteral('T')
      .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
      .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH", "Z").optionalEnd()
      .toFormatter();

  private Timestamps() {}

  /** The instant a value denotes, or null when it is no date. */
  public static Instant parse(Object value) {
    if (value == null || value instanceof Boolean) return null;
    if (value instanceof Long || value instanceof Integer) return Instant.ofEpochMilli(((Number) value).longValue());
    if (value instanceof BigInteger b) return b.bitLength() < 50 ? Instant.ofEpochMilli(b.longValue()) : null;
    if (value instanceof BigDecimal d) return fromDecimalMillis(d);
    if (value instanceof Double || value instanceof Float) return fromDecimalMillis(BigDecimal.valueOf(((Number) value).doubleValue()));
    if (!(value instanceof String)) return null;
    String s = ((String) value).strip();
    if (s.isEmpty()) return null;
    Instant canonical = canonicalUtc(s);
    if (canonical != null) return canonical;
    if (DIGITS.matcher(s).matches()) return Instant.ofEpochMilli(Long.parseLong(s));
    if (DATE_ONLY.matcher(s).matches()) {
      try {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (s.length() > 10 && s.charAt(10) == ' ') s = s.substring(0, 10) + 'T' + s.substring(11);
    try {
      var parsed = ISO_LENIENT.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime odt) return odt.toInstant();
      return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The form nearly every client sends, {@code 2024-05-01T10:00:00.123Z} (0-9 fraction digits),
   * read without the general formatter; null for anything else.
   */
  private static Instant canonicalUtc(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
        || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if ((year | month | day | hour | minute | second) < 0) return null;
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n - 21 > 9 || n == 21) return null;
      int fraction = digits(s, 20, n - 1);
      if (fraction < 0) return null;
      nanos = fraction * POW10[9 - (n - 21)];
    } else if (n != 20) {
      return null;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  /** The decimal number in s[from, to), or -1 when a character is no digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static Instant fromDecimalMillis(BigDecimal d) {
    if (d.abs().compareTo(BigDecimal.valueOf(1L << 50)) > 0) return null;
    return Instant.ofEpochMilli(d.longValue());
  }

  /** ISO-8601 UTC with milliseconds, e.g. {@code 2024-01-08T13:52:50.212Z}. */
  public static String isoMillis(Instant instant) {
    return ensureMillis(DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS)));
  }

  private static String ensureMillis(String iso) {
    // ISO_INSTANT drops a zero fraction and prints 3, 6 or 9 digits otherwise; HubSpot expects exactly 3.
    int dot = iso.indexOf('.');
    if (dot < 0) return iso.substring(0, iso.length() - 1) + ".000Z";
    String frac = iso.substring(dot + 1, iso.length() - 1);
    return iso.substring(0, dot + 1) + (frac + "000").substring(0, 3) + "Z";
  }

  /** The ISO calendar date of the instant in UTC, e.g. {@code 2023-09-26}. */
  public static String isoDate(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }
}
