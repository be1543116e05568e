package io.hsdest.hubspot.schema;

import java.time.Instant;
import java.util.Map;

/** The portal's custom event definitions by fully qualified name ({@code pe123456_signed_up}). */
public record EventDefinitions(Map<String, EventDefinition> byName, Instant fetchedAt, boolean known) {

  public static final EventDefinitions UNKNOWN = new EventDefinitions(Map.of(), Instant.EPOCH, false);

  public static EventDefinitions of(Map<String, EventDefinition> byName, Instant fetchedAt) {
    return new EventDefinitions(Map.copyOf(byName), fetchedAt, true);
  }

  public EventDefinition get(String name) {
    return byName.get(name);
  }
}
