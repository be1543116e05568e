package io.hsdest.mapping;

import io.hsdest.hubspot.schema.PropertyDefinition;
import io.hsdest.ingest.message.Timestamps;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Coerces one trait value to what a HubSpot property of a given type accepts. Every emitted value
 * is a string (HubSpot's wire form): numbers in plain decimal, booleans {@code "true"/"false"},
 * {@code date} as the ISO calendar date of the UTC instant, {@code datetime} as ISO-8601 UTC with
 * milliseconds, enumerations as option values, multi-checkboxes {@code ;}-joined.
 */
final class ValueCoercion {
  private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d+)?|\\.\\d+)");
  static final int MAX_TEXT = 65_536;

  private ValueCoercion() {}

  /** {@code value} is never null here: nulls are handled by the null policy before coercion. */
  static Coerced coerce(String property, Object value, PropertyDefinition def, int maxLength) {
    if (def == null) return byValue(property, value, maxLength);
    String type = def.type() == null ? "string" : def.type();
    if (def.isBoolean()) return bool(property, value);
    switch (type) {
      case "number":
        return number(property, value);
      case "date":
        return date(property, value, false);
      case "datetime":
        return date(property, value, true);
      case "enumeration":
        return def.isMultiSelect() ? multi(property, value, def) : select(property, value, def);
      default:
        return text(property, value, maxLength);
    }
  }

  /** Without a schema (dry-run without a token): the value's own type decides. */
  static Coerced byValue(String property, Object value, int maxLength) {
    if (value instanceof Boolean b) return Coerced.ok(b.toString());
    if (value instanceof Number) return Coerced.ok(plainNumber(value));
    return text(property, value, maxLength);
  }

  static Coerced text(String property, Object value, int maxLength) {
    String s;
    if (value instanceof String str) {
      s = Text.trim(str);
    } else if (value instanceof Number || value instanceof Boolean) {
      s = value instanceof Number ? plainNumber(value) : value.toString();
    } else if (value instanceof List<?> list && list.stream().allMatch(ValueCoercion::isPrimitive)) {
      List<String> parts = new ArrayList<>();
      for (Object o : list) parts.add(o instanceof String str ? Text.trim(str) : o instanceof Number ? plainNumber(o) : o.toString());
      s = String.join(";", parts);
    } else {
      s = Json.write(value);
    }
    if (s.length() > maxLength) {
      return Coerced.changed(s.substring(0, maxLength), Warning.of(Reason.VALUE_TRUNCATED, property,
          "the value was " + s.length() + " characters; HubSpot keeps at most " + maxLength));
    }
    return Coerced.ok(s);
  }

  static Coerced number(String property, Object value) {
    if (value instanceof Number) return Coerced.ok(plainNumber(value));
    if (value instanceof String s) {
      String t = Text.trim(s);
      if (NUMBER.matcher(t).matches()) return Coerced.ok(plainNumber(new BigDecimal(t)));
    }
    return Coerced.refused(Warning.of(Reason.INVALID_NUMBER, property, "\"" + brief(value) + "\" is not a number"));
  }

  static Coerced bool(String property, Object value) {
    if (value instanceof Boolean b) return Coerced.ok(b.toString());
    if (value instanceof String s) {
      String t = Text.trim(s).toLowerCase(Locale.ROOT);
      if (t.equals("true") || t.equals("false")) return Coerced.ok(t);
    }
    return Coerced.refused(Warning.of(Reason.INVALID_BOOLEAN, property, "\"" + brief(value) + "\" is not true or false"));
  }

  static Coerced date(String property, Object value, boolean withTime) {
    Instant instant = value instanceof Boolean ? null : Timestamps.parse(value);
    if (instant == null) {
      return Coerced.refused(Warning.of(withTime ? Reason.INVALID_DATETIME : Reason.INVALID_DATE, property,
          "\"" + brief(value) + "\" is not a date (ISO-8601 text or epoch milliseconds)"));
    }
    return Coerced.ok(withTime ? Timestamps.isoMillis(instant) : Timestamps.isoDate(instant));
  }

  static Coerced select(String property, Object value, PropertyDefinition def) {
    if (!isPrimitive(value)) {
      return Coerced.refused(Warning.of(Reason.INVALID_OPTION, property, "a list or object is not one option"));
    }
    String wanted = value instanceof String s ? Text.trim(s) : value instanceof Number ? plainNumber(value) : value.toString();
    return option(property, wanted, def, true);
  }

  static Coerced multi(String property, Object value, PropertyDefinition def) {
    List<Object> elements = new ArrayList<>();
    if (value instanceof List<?> list) {
      elements.addAll(list);
    } else if (value instanceof String s) {
      for (String part : s.split(";")) if (!Text.trim(part).isEmpty()) elements.add(part);
    } else {
      elements.add(value);
    }
    if (elements.isEmpty()) return Coerced.ok("");
    List<String> out = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Object e : elements) {
      if (e == null || !isPrimitive(e)) {
        refused.add(String.valueOf(e));
        continue;
      }
      String wanted = e instanceof String s ? Text.trim(s) : e instanceof Number ? plainNumber(e) : e.toString();
      Coerced c = option(property, wanted, def, false);
      if (c.refused()) {
        refused.add(wanted);
      } else {
        if (!out.contains(c.value())) out.add(c.value());
        if (c.warning() != null) notes.add(wanted + "->" + c.value());
      }
    }
    if (out.isEmpty()) {
      return Coerced.refused(Warning.of(Reason.INVALID_OPTION, property, "none of " + refused + " is an option"));
    }
    String joined = String.join(";", out);
    if (!refused.isEmpty()) {
      return Coerced.changed(joined, Warning.of(Reason.INVALID_OPTION, property, refused + " dropped: not options"
          + (notes.isEmpty() ? "" : "; labels mapped " + notes)));
    }
    if (!notes.isEmpty()) return Coerced.changed(joined, Warning.of(Reason.OPTION_LABEL_MAPPED, property, "labels mapped " + notes));
    return Coerced.ok(joined);
  }

  /** Option value exactly, else option label ignoring case, else option value ignoring case. */
  private static Coerced option(String property, String wanted, PropertyDefinition def, boolean reportRefusal) {
    if (wanted.isEmpty()) return Coerced.ok("");
    for (PropertyDefinition.Option o : def.options()) {
      if (o.value().equals(wanted)) return Coerced.ok(o.value());
    }
    for (PropertyDefinition.Option o : def.options()) {
      if (o.label() != null && o.label().equalsIgnoreCase(wanted)) {
        return Coerced.changed(o.value(), Warning.of(Reason.OPTION_LABEL_MAPPED, property, wanted + "->" + o.value()));
      }
    }
    for (PropertyDefinition.Option o : def.options()) {
      if (o.value().equalsIgnoreCase(wanted)) {
        return Coerced.changed(o.value(), Warning.of(Reason.OPTION_LABEL_MAPPED, property, wanted + "->" + o.value()));
      }
    }
    return Coerced.refused(Warning.of(Reason.INVALID_OPTION, property, "\"" + brief(wanted) + "\" is not one of the options "
        + optionValues(def)));
  }

  private static String optionValues(PropertyDefinition def) {
    List<String> values = new ArrayList<>();
    for (PropertyDefinition.Option o : def.options()) {
      if (values.size() == 10) {
        values.add("...");
        break;
      }
      values.add(o.value());
    }
    return values.toString();
  }

  static boolean isPrimitive(Object o) {
    return o instanceof String || o instanceof Number || o instanceof Boolean;
  }

  static String plainNumber(Object n) {
    if (n instanceof Long || n instanceof Integer || n instanceof BigInteger) return n.toString();
    BigDecimal d = n instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
    d = d.stripTrailingZeros();
    return d.scale() < 0 ? d.toBigIntegerExact().toString() : d.toPlainString();
  }

  static String brief(Object value) {
    String s = value instanceof Map || value instanceof List ? Json.write(value) : String.valueOf(value);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
