package io.hsdest.hubspot.schema;

import java.util.List;

/**
 * One HubSpot property (contact, company or custom event property).
 *
 * @param type HubSpot's {@code type}: string, number, bool, date, datetime, enumeration, phone_number, ...
 * @param fieldType HubSpot's {@code fieldType}: text, textarea, select, radio, checkbox, booleancheckbox, ...
 * @param readOnly true when HubSpot refuses writes: read-only values and calculated properties
 */
public record PropertyDefinition(
    String name,
    String type,
    String fieldType,
    List<Option> options,
    boolean hasUniqueValue,
    boolean readOnly) {

  public record Option(String value, String label) {}

  public PropertyDefinition {
    options = options == null ? List.of() : List.copyOf(options);
  }

  public static PropertyDefinition of(String name, String type, String fieldType) {
    return new PropertyDefinition(name, type, fieldType, List.of(), false, false);
  }

  public boolean isMultiSelect() {
    return "enumeration".equals(type) && "checkbox".equals(fieldType);
  }

  public boolean isBoolean() {
    return "bool".equals(type) || ("enumeration".equals(type) && "booleancheckbox".equals(fieldType));
  }
}
