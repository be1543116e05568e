package io.hsdest.hubspot.schema;

import java.util.Map;

/** A custom behavioral event definition: its fully qualified name and its custom properties. */
public record EventDefinition(String name, Map<String, PropertyDefinition> properties) {
  public EventDefinition {
    properties = Map.copyOf(properties);
  }
}
