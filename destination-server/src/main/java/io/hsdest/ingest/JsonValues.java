package io.hsdest.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON trees to plain immutable Java values, so that nothing past ingest handles JSON nodes. */
final class JsonValues {
  private JsonValues() {}

  /** An object's fields in order; an absent or non-object value is an empty map. */
  static Map<String, Object> object(JsonNode node) {
    if (node == null || !node.isObject() || node.isEmpty()) return Map.of();
    Map<String, Object> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      out.put(f.getKey(), plain(f.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  /** String, Boolean, Long, BigInteger, BigDecimal, List, Map or null. */
  static Object plain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) return null;
    if (node.isTextual()) return node.textValue();
    if (node.isBoolean()) return node.booleanValue();
    if (node.isIntegralNumber()) return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    if (node.isNumber()) return node.decimalValue();
    if (node.isObject()) return object(node);
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode e : node) list.add(plain(e));
      return Collections.unmodifiableList(list);
    }
    return node.asText();
  }
}
