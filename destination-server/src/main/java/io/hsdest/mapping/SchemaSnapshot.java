package io.hsdest.mapping;

import io.hsdest.hubspot.schema.EventDefinitions;
import io.hsdest.hubspot.schema.ObjectSchema;

/**
 * The cached portal schema a message is mapped against. A part the message does not need may be
 * {@link ObjectSchema#UNKNOWN}. {@code creationsTried} is set on the second mapping after the
 * create policies ran, so nothing is asked to be created twice.
 */
public record SchemaSnapshot(ObjectSchema contacts, ObjectSchema companies, EventDefinitions events, boolean creationsTried) {

  public static final SchemaSnapshot UNKNOWN =
      new SchemaSnapshot(ObjectSchema.UNKNOWN, ObjectSchema.UNKNOWN, EventDefinitions.UNKNOWN, false);

  public SchemaSnapshot afterCreations() {
    return new SchemaSnapshot(contacts, companies, events, true);
  }
}
