package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a write's {@code properties} against the schema like HubSpot: unknown -> PROPERTY_DOESNT_EXIST,
 * read-only -> READ_ONLY_VALUE, then the value rules of {@link PropertyValues}. Returns the valid values in stored
 * form; problems go to {@code errors}.
 */
final class RecordValues {
  private RecordValues() {
  }

  static Map<String, String> validate(ObjectStore store, Object properties, List<PropertyError> errors) {
    Map<String, String> values = new LinkedHashMap<>();
    if (properties == null) {
      return values;
    }
    if (!(properties instanceof JsonObject)) {
      throw Envelopes.invalidJson("'properties' must be an object");
    }
    for (Map.Entry<String, Object> e : (JsonObject) properties) {
      String name = e.getKey();
      PropertyDefinition d = store.property(name);
      if (d == null) {
        errors.add(new PropertyError(name, "PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist"));
        continue;
      }
      if (!d.writable()) {
        errors.add(new PropertyError(name, "READ_ONLY_VALUE",
            "\"" + name + "\" is a read only property; its value cannot be set."));
        continue;
      }
      String v = PropertyValues.normalize(d, PropertyValues.asString(name, e.getValue()), store.isEmail(name), errors);
      if (v != null) {
        values.put(name, v);
      }
    }
    return values;
  }
}
