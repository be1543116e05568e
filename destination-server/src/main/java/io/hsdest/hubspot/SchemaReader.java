package io.hsdest.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.schema.EventDefinition;
import io.hsdest.hubspot.schema.PropertyDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** HubSpot's property and event-definition JSON to the schema model. */
final class SchemaReader {
  /** Properties HubSpot computes itself, even where a response forgets to flag them read-only. */
  private static final Set<String> ALWAYS_READ_ONLY = Set.of(
      "hs_object_id", "createdate", "lastmodifieddate", "hs_lastmodifieddate", "hs_createdate",
      "hs_all_contact_vids", "hs_merged_object_ids", "hs_calculated_form_submissions");

  private SchemaReader() {}

  static Map<String, PropertyDefinition> properties(JsonNode results) {
    Map<String, PropertyDefinition> out = new HashMap<>();
    for (JsonNode p : results) {
      PropertyDefinition def = property(p);
      if (def != null) out.put(def.name(), def);
    }
    return out;
  }

  static PropertyDefinition property(JsonNode p) {
    String name = p.path("name").asText(null);
    if (name == null) return null;
    List<PropertyDefinition.Option> options = new ArrayList<>();
    for (JsonNode o : p.path("options")) {
      if (o.path("hidden").asBoolean(false)) continue;
      options.add(new PropertyDefinition.Option(o.path("value").asText(), o.path("label").asText(null)));
    }
    boolean readOnly = p.path("modificationMetadata").path("readOnlyValue").asBoolean(false)
        || p.path("calculated").asBoolean(false)
        || "calculation_equation".equals(p.path("fieldType").asText())
        || ALWAYS_READ_ONLY.contains(name);
    return new PropertyDefinition(name, p.path("type").asText("string"), p.path("fieldType").asText("text"),
        options, p.path("hasUniqueValue").asBoolean(false), readOnly);
  }

  /** One page of {@code /events/v3/event-definitions}: definitions keyed by fully qualified name. */
  static void eventDefinitions(JsonNode results, String portalId, Map<String, EventDefinition> into) {
    for (JsonNode d : results) {
      String fq = d.path("fullyQualifiedName").asText(null);
      if (fq == null || fq.isEmpty()) {
        String name = d.path("name").asText(null);
        if (name == null) continue;
        fq = name.startsWith("pe") && name.contains("_") ? name : "pe" + portalId + "_" + name;
      }
      into.put(fq, new EventDefinition(fq, properties(d.path("properties"))));
    }
  }
}
