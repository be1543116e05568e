package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A custom event property: one of HubSpot's event property types (DOC-EVDEF), checked like a CRM property value. */
final class EventProperty {
  static final Set<String> TYPES = Set.of("string", "number", "enumeration", "datetime", "date", "bool");
  private static final Map<String, String> FIELD_TYPE = Map.of("string", "text", "number", "number",
      "enumeration", "select", "datetime", "date", "date", "date", "bool", "booleancheckbox");

  final String name;
  final String label;
  final String type;
  final String description;
  final List<PropertyOption> options;
  /** The same value rules as a CRM property of this type. */
  final PropertyDefinition asCrmProperty;

  EventProperty(String name, String label, String type, String description, List<PropertyOption> options) {
    this.name = name;
    this.label = label;
    this.type = type;
    this.description = description;
    this.options = List.copyOf(options);
    this.asCrmProperty = PropertyDefinition.builder(name, type, FIELD_TYPE.get(type)).options(this.options).build();
  }

  static EventProperty of(String name, String type) {
    return new EventProperty(name, name, type, "", List.of());
  }

  /** Parses a property of an event-definition create body; a bad one fails with 400. */
  static EventProperty fromJson(JsonObject j) {
    String name = j.getString("name");
    String type = j.getString("type", "string");
    if (name == null || name.isEmpty()) {
      throw Envelopes.validation("Event property is missing a name");
    }
    if (!TYPES.contains(type)) {
      throw Envelopes.validation("Event property '" + name + "' has invalid type '" + type + "'; expected one of "
          + TYPES);
    }
    List<PropertyOption> options = new ArrayList<>();
    JsonArray opts = j.getJsonArray("options", new JsonArray());
    for (int i = 0; i < opts.size(); i++) {
      options.add(PropertyOption.fromJson(opts.getJsonObject(i), i));
    }
    if ("enumeration".equals(type) && options.isEmpty()) {
      throw Envelopes.validation("Event property '" + name + "' of type enumeration needs options");
    }
    return new EventProperty(name, j.getString("label", name), type, j.getString("description", ""), options);
  }

  JsonObject toJson() {
    JsonObject j = new JsonObject().put("name", name).put("label", label).put("type", type)
        .put("description", description).put("hidden", false).put("fieldType", FIELD_TYPE.get(type))
        .put("groupName", "event");
    if (!options.isEmpty()) {
      JsonArray opts = new JsonArray();
      options.forEach(o -> opts.add(o.toJson()));
      j.put("options", opts);
    }
    return j;
  }
}
