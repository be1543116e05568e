package io.hsdest.fake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A portal's event definitions and occurrences. Occurrences are kept up to a cap (oldest dropped), while the uuids
 * seen per event are kept for all of them so dedupe stays exact (HubSpot keeps a uuid for a year). Event loop only.
 */
final class EventStore {
  final Map<String, EventDefinition> definitions = new LinkedHashMap<>();
  private final ArrayDeque<EventOccurrence> occurrences = new ArrayDeque<>();
  private final Map<String, Set<String>> uuidsByEvent = new HashMap<>();
  private long nextDefinitionId = 100;

  long nextDefinitionId() {
    return nextDefinitionId++;
  }

  void define(EventDefinition d) {
    definitions.put(d.fullyQualifiedName(), d);
  }

  /** By fully qualified name, or by internal name (as the property-create path allows). */
  EventDefinition find(String eventName) {
    EventDefinition d = definitions.get(eventName);
    if (d == null) {
      for (EventDefinition candidate : definitions.values()) {
        if (candidate.name.equals(eventName)) {
          return candidate;
        }
      }
    }
    return d;
  }

  boolean seen(String eventName, String uuid) {
    Set<String> s = uuidsByEvent.get(eventName);
    return s != null && s.contains(uuid);
  }

  void store(EventOccurrence o, int cap) {
    uuidsByEvent.computeIfAbsent(o.eventName(), k -> new HashSet<>()).add(o.uuid());
    if (cap <= 0) {
      return;
    }
    while (occurrences.size() >= cap) {
      occurrences.removeFirst();
    }
    occurrences.addLast(o);
  }

  List<EventOccurrence> occurrences() {
    return new ArrayList<>(occurrences);
  }

  int occurrenceCount() {
    return occurrences.size();
  }
}
