package io.hsdest.warehouse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The few column types the warehouse writes, and how a HubSpot value (always a string on the wire, sometimes a
 * JSON number or boolean) becomes one. A value that does not fit its column's type is null, never a failed run.
 */
enum ColumnType {
  TEXT, NUMBER, BOOLEAN, TIMESTAMP, DATE;

  /** HubSpot's property type (and field type) to a column type (hubspot-api.md section 7). */
  static ColumnType ofProperty(String type, String fieldType, boolean trueFalseOptions) {
    switch (type == null ? "" : type) {
      case "number": return NUMBER;
      case "bool": return BOOLEAN;
      case "date": return DATE;
      case "datetime": return TIMESTAMP;
      case "enumeration":
        // HubSpot's own yes/no properties are often enumerations shown as one checkbox
        return "booleancheckbox".equals(fieldType) && trueFalseOptions ? BOOLEAN : TEXT;
      default: return TEXT;
    }
  }

  /**
   * The value in this column's Java form (String, BigDecimal, Boolean, OffsetDateTime, LocalDate), null for
   * null or an empty string.
   *
   * @throws IllegalArgumentException when it does not fit
   */
  Object convert(Object raw) {
    if (raw == null) return null;
    if (raw instanceof String s && s.isEmpty() && this != TEXT) return null;
    switch (this) {
      case TEXT:
        return raw instanceof OffsetDateTime t ? t.toInstant().toString() : raw.toString();
      case NUMBER:
        if (raw instanceof BigDecimal b) return b;
        if (raw instanceof Number n) return new BigDecimal(n.toString());
        try {
          return new BigDecimal(raw.toString().trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a number");
        }
      case BOOLEAN:
        if (raw instanceof Boolean b) return b;
        String v = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) return Boolean.TRUE;
        if (v.equals("false")) return Boolean.FALSE;
        throw new IllegalArgumentException("not true or false");
      case TIMESTAMP:
        return timestamp(raw);
      case DATE:
        if (raw instanceof LocalDate d) return d;
        return timestamp(raw).toLocalDate();
      default:
        throw new IllegalStateException(name());
    }
  }

  /** HubSpot's times: ISO-8601 (with or without offset), a date alone (midnight UTC), or epoch milliseconds. */
  private static OffsetDateTime timestamp(Object raw) {
    if (raw instanceof OffsetDateTime t) return t.withOffsetSameInstant(ZoneOffset.UTC);
    if (raw instanceof Instant i) return i.atOffset(ZoneOffset.UTC);
    if (raw instanceof Number n) return Instant.ofEpochMilli(n.longValue()).atOffset(ZoneOffset.UTC);
    String s = raw.toString().trim();
    if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-') && s.length() <= 19) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(s)).atOffset(ZoneOffset.UTC);
      } catch (NumberFormatException e) {
        // not epoch ms after all
      }
    }
    try {
      return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a date or time");
    }
  }
}
