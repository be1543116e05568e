package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows from HubSpot's plain JSON records (email campaigns and events, lists): every field becomes a snake_case
 * column, nested objects flattened with {@code _} ({@code sentBy.created} -> {@code sent_by_created}), arrays kept
 * as JSON text. A field seen for the first time becomes a new column, typed by its name and value: times
 * ({@code created}, {@code ..._at}, {@code ..._time}, {@code ..._created}) as timestamps, JSON numbers as numbers,
 * JSON booleans as booleans, everything else as text.
 */
final class JsonRows {
  private JsonRows() {}

  static Map<String, Object> flatten(JsonNode object) {
    Map<String, Object> out = new LinkedHashMap<>();
    flatten(object, "", out);
    return out;
  }

  private static void flatten(JsonNode node, String prefix, Map<String, Object> out) {
    node.fields().forEachRemaining(e -> {
      String name = prefix + ColumnNames.snake(e.getKey());
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(v, name + "_", out);
      } else if (v.isArray()) {
        out.put(ColumnNames.fit(name), v.toString());
      } else if (v.isNull()) {
        out.put(ColumnNames.fit(name), null);
      } else if (v.isBoolean()) {
        out.put(ColumnNames.fit(name), v.booleanValue());
      } else if (v.isNumber()) {
        out.put(ColumnNames.fit(name), v.decimalValue());
      } else {
        out.put(ColumnNames.fit(name), v.asText());
      }
    });
  }

  static ColumnType typeOf(String column, Object value) {
    if (column.equals("created") || column.endsWith("_at") || column.endsWith("_time") || column.endsWith("_created")
        || column.endsWith("_timestamp")) {
      try {
        ColumnType.TIMESTAMP.convert(value);
        return ColumnType.TIMESTAMP;
      } catch (IllegalArgumentException notATime) {
        // typed by its value below
      }
    }
    if (value instanceof Boolean) return ColumnType.BOOLEAN;
    if (value instanceof Number) return ColumnType.NUMBER;
    return ColumnType.TEXT;
  }

  /**
   * The table with a column for every field these rows carry: new fields are added as columns (DDL, committed at
   * once, before the rows are written).
   */
  static Table withColumnsFor(Database db, Table table, List<Map<String, Object>> rows) throws java.sql.SQLException {
    Map<String, Column> missing = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      row.forEach((column, value) -> {
        if (!table.columns().containsKey(column) && (value != null || !missing.containsKey(column))) {
          missing.put(column, new Column(column, value == null ? ColumnType.TEXT : typeOf(column, value), column));
        }
      });
    }
    if (missing.isEmpty()) return table;
    return db.ensureTable(table.name(), new ArrayList<>(missing.values()));
  }
}
