package io.hsdest.hubspot;

import io.hsdest.hubspot.schema.EventDefinition;
import io.hsdest.hubspot.schema.EventDefinitions;
import io.hsdest.hubspot.schema.ObjectSchema;
import io.hsdest.mapping.SchemaSnapshot;
import io.hsdest.testkit.ScriptedHubSpot;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The spec's schemas P0, C0 and E0, read by the real schema reader, for pure mapping tests. */
public final class TestSchemas {
  private TestSchemas() {}

  public static ObjectSchema contacts() {
    return ObjectSchema.of("contacts", SchemaReader.properties(ScriptedHubSpot.fixture("contact-properties-P0.json").path("results")),
        Instant.EPOCH);
  }

  public static ObjectSchema companies() {
    return ObjectSchema.of("companies", SchemaReader.properties(ScriptedHubSpot.fixture("company-properties-C0.json").path("results")),
        Instant.EPOCH);
  }

  public static EventDefinitions events() {
    Map<String, EventDefinition> defs = new HashMap<>();
    SchemaReader.eventDefinitions(ScriptedHubSpot.fixture("event-definitions-E0.json").path("results"), "123456", defs);
    return EventDefinitions.of(defs, Instant.EPOCH);
  }

  public static SchemaSnapshot snapshot() {
    return new SchemaSnapshot(contacts(), companies(), events(), false);
  }
}
