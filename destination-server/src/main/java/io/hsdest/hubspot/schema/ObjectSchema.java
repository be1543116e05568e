package io.hsdest.hubspot.schema;

import java.time.Instant;
import java.util.Map;

/**
 * The properties of one CRM object type in one portal, as fetched at {@code fetchedAt}.
 * {@link #UNKNOWN} stands for "no schema could be read" (a dry-run destination without a token):
 * every property is then accepted and coerced by the value's own type.
 */
public record ObjectSchema(String objectType, Map<String, PropertyDefinition> properties, Instant fetchedAt, boolean known) {

  public static final ObjectSchema UNKNOWN = new ObjectSchema("unknown", Map.of(), Instant.EPOCH, false);

  public static ObjectSchema of(String objectType, Map<String, PropertyDefinition> properties, Instant fetchedAt) {
    return new ObjectSchema(objectType, Map.copyOf(properties), fetchedAt, true);
  }

  public PropertyDefinition get(String name) {
    return properties.get(name);
  }
}
