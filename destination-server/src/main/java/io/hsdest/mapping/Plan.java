package io.hsdest.mapping;

import io.hsdest.ingest.message.Message;
import java.util.List;

/**
 * What one message needs from HubSpot: the steps to run (possibly none), warnings already known,
 * or a terminal outcome when nothing is to be sent. Under the create policies it also lists the
 * properties and event definitions to create first; the message is then mapped again.
 */
public record Plan(
    Message message,
    List<Step> steps,
    List<Warning> warnings,
    Terminal terminal,
    List<PropertyToCreate> propertiesToCreate,
    List<EventDefinitionToCreate> eventsToCreate) {

  public Plan {
    steps = List.copyOf(steps);
    warnings = List.copyOf(warnings);
    propertiesToCreate = List.copyOf(propertiesToCreate);
    eventsToCreate = List.copyOf(eventsToCreate);
  }

  static Plan terminal(Message message, Terminal terminal, List<Warning> warnings) {
    return new Plan(message, List.of(), warnings, terminal, List.of(), List.of());
  }

  public boolean needsCreation() {
    return !propertiesToCreate.isEmpty() || !eventsToCreate.isEmpty();
  }
}
