package io.hsdest.mapping;

import java.util.List;

/** A custom event definition (and properties) to create under {@code autoCreateEventDefinitions}. */
public record EventDefinitionToCreate(String fullyQualifiedName, String name, List<PropertyToCreate> properties) {}
