package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * HubSpot's write-time checks of one property value (hubspot-api.md sections 2 and 7), and the normal form the fake
 * stores: values are strings; "" clears; email lowercased; dates as {@code YYYY-MM-DD}; datetimes as ISO-8601 UTC
 * with milliseconds; bools as true/false. A bad value adds a {@link PropertyError} and returns null.
 */
final class PropertyValues {
  /** At most one decimal point, no exponent, no sign other than a leading minus (HubSpot rejects "1.4e-14"). */
  private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final long DAY_MS = 86_400_000L;

  private PropertyValues() {
  }

  /**
   * HubSpot types property values as map&lt;string,string&gt; but accepts JSON numbers and booleans; null clears. An
   * object or array cannot be deserialised into a string, which HubSpot reports as invalid input JSON.
   */
  static String asString(String name, Object raw) {
    if (raw == null) {
      return "";
    }
    if (raw instanceof String) {
      return (String) raw;
    }
    if (raw instanceof Number || raw instanceof Boolean) {
      return raw.toString();
    }
    if (raw instanceof JsonObject || raw instanceof JsonArray) {
      throw Envelopes.invalidJson("Cannot deserialize value of type `java.lang.String` from "
          + (raw instanceof JsonObject ? "Object" : "Array") + " value at properties[\"" + name + "\"]");
    }
    return String.valueOf(raw);
  }

  /** The stored form of {@code value} for {@code def}, or null after adding the problem to {@code errors}. */
  static String normalize(PropertyDefinition def, String value, boolean isContactEmail, List<PropertyError> errors) {
    if (value.isEmpty()) {
      return "";
    }
    String name = def.name;
    if (isContactEmail) {
      String email = value.trim().toLowerCase();
      if (!EMAIL.matcher(email).matches()) {
        errors.add(new PropertyError(name, "INVALID_EMAIL", "Email address " + value + " is invalid"));
        return null;
      }
      return email;
    }
    switch (def.type) {
      case "number":
        if (!NUMBER.matcher(value).matches()) {
          errors.add(new PropertyError(name, "INVALID_INTEGER", value + " was not a valid number."));
          return null;
        }
        return value;
      case "bool":
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
          return value.toLowerCase();
        }
        errors.add(new PropertyError(name, "INVALID_BOOLEAN", value + " was not a valid boolean."));
        return null;
      case "enumeration":
        return def.isMultiCheckbox() ? checkboxes(def, value, errors) : option(def, value, errors);
      case "date":
        return date(def, value, errors);
      case "datetime":
        Long ms = Timestamps.parseInstant(value);
        if (ms == null) {
          errors.add(new PropertyError(name, "INVALID_DATETIME", value + " was not a valid datetime."));
          return null;
        }
        return Timestamps.iso(ms);
      default:
        return value;
    }
  }

  private static String option(PropertyDefinition def, String value, List<PropertyError> errors) {
    if (def.option(value) != null) {
      return value;
    }
    if ("booleancheckbox".equals(def.fieldType)) {
      for (PropertyOption o : def.options) {
        if (o.value().equalsIgnoreCase(value)) {
          return o.value();
        }
      }
    }
    errors.add(invalidOption(def, value));
    return null;
  }

  /** {@code a;b}; a leading {@code ;} (append to the existing values) is kept for the store to apply. */
  private static String checkboxes(PropertyDefinition def, String value, List<PropertyError> errors) {
    List<String> kept = new ArrayList<>();
    boolean ok = true;
    for (String part : value.split(";")) {
      if (part.isEmpty()) {
        continue;
      }
      if (def.option(part) == null) {
        errors.add(invalidOption(def, part));
        ok = false;
      } else {
        kept.add(part);
      }
    }
    if (!ok) {
      return null;
    }
    return (value.startsWith(";") ? ";" : "") + String.join(";", kept);
  }

  private static PropertyError invalidOption(PropertyDefinition def, String value) {
    List<String> values = new ArrayList<>();
    def.options.forEach(o -> values.add(o.value()));
    return new PropertyError(def.name, "INVALID_OPTION",
        value + " was not one of the allowed options: [" + String.join(", ", values) + "]");
  }

  /** Midnight UTC only: {@code YYYY-MM-DD}, or epoch ms / an ISO date-time that falls exactly on midnight UTC. */
  private static String date(PropertyDefinition def, String value, List<PropertyError> errors) {
    if (value.length() == 10 && value.charAt(4) == '-') {
      try {
        return LocalDate.parse(value).toString();
      } catch (DateTimeParseException e) {
        errors.add(new PropertyError(def.name, "INVALID_DATE", value + " was not a valid date."));
        return null;
      }
    }
    Long ms = Timestamps.parseInstant(value);
    if (ms == null) {
      errors.add(new PropertyError(def.name, "INVALID_DATE", value + " was not a valid date."));
      return null;
    }
    if (Math.floorMod(ms, DAY_MS) != 0) {
      errors.add(new PropertyError(def.name, "INVALID_DATE",
          value + " is at " + Timestamps.timeOfDay(ms) + " UTC, not midnight!"));
      return null;
    }
    return LocalDate.ofEpochDay(Math.floorDiv(ms, DAY_MS)).atStartOfDay(ZoneOffset.UTC).toLocalDate().toString();
  }
}
