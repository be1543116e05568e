package io.hsdest.mapping;

/**
 * A property the destination may create because the settings allow it ({@code unknownPropertyPolicy=create},
 * {@code autoCreateEventDefinitions}, the company and user id properties).
 *
 * @param objectType "contacts", "companies", or the event name for an event property
 */
public record PropertyToCreate(String objectType, String name, String type, String fieldType, boolean unique) {

  /** A readable label from a property name: {@code plan_tier -> Plan tier}. */
  public String label() {
    String spaced = name.replace('_', ' ').trim();
    return spaced.isEmpty() ? name : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }

  /** A sensible HubSpot type for a property first seen with this value. */
  static PropertyToCreate inferred(String objectType, String name, Object value) {
    if (value instanceof Boolean) return new PropertyToCreate(objectType, name, "bool", "booleancheckbox", false);
    if (value instanceof Number) return new PropertyToCreate(objectType, name, "number", "number", false);
    if (value instanceof String s) {
      String t = Text.trim(s);
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) return new PropertyToCreate(objectType, name, "date", "date", false);
      if (t.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}.*") && io.hsdest.ingest.message.Timestamps.parse(t) != null) {
        return new PropertyToCreate(objectType, name, "datetime", "date", false);
      }
      if (t.length() > 250) return new PropertyToCreate(objectType, name, "string", "textarea", false);
    }
    if (value instanceof java.util.List || value instanceof java.util.Map) {
      return new PropertyToCreate(objectType, name, "string", "textarea", false);
    }
    return new PropertyToCreate(objectType, name, "string", "text", false);
  }
}
