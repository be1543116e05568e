package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One column per HubSpot property of an object type, read from the portal's property definitions
 * ({@code GET /crm/v3/properties/{type}}): every property, HubSpot's and custom ones alike, so a property added in
 * HubSpot becomes a column on the next run. Types follow {@link ColumnType#ofProperty}.
 */
record PropertyColumns(List<Column> columns) {

  static PropertyColumns of(JsonNode definitions, Set<String> own) {
    List<Column> out = new ArrayList<>();
    for (JsonNode d : definitions.path("results")) {
      String name = d.path("name").asText("");
      if (name.isEmpty() || d.path("archived").asBoolean(false)) continue;
      boolean trueFalse = d.path("options").size() > 0;
      for (JsonNode o : d.path("options")) {
        String v = o.path("value").asText();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) trueFalse = false;
      }
      ColumnType type = ColumnType.ofProperty(d.path("type").asText(), d.path("fieldType").asText(), trueFalse);
      out.add(new Column(ColumnNames.forProperty(name, own), type, name));
    }
    return new PropertyColumns(List.copyOf(out));
  }

  List<String> propertyNames() {
    List<String> names = new ArrayList<>(columns.size());
    for (Column c : columns) names.add(c.source());
    return names;
  }
}
