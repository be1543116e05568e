package io.hsdest.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON straight into plain immutable Java values (String, Boolean, Long, BigInteger,
 * BigDecimal, List, Map, null) in one pass, so that nothing past ingest handles JSON. Depth is
 * bounded by the parser's own constraints.
 */
final class JsonValues {
  private JsonValues() {}

  /** The value at the parser's current token (which must be a value's first token). */
  static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) return null;
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken n = p.nextToken(); n == JsonToken.FIELD_NAME; n = p.nextToken()) {
          String name = p.currentName();
          p.nextToken();
          map.put(name, read(p));
        }
        return Collections.unmodifiableMap(map);
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
          if (n == null) throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input in an array");
          list.add(read(p));
        }
        return Collections.unmodifiableList(list);
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
    }
  }

  /** A map field's object value, or an empty map when absent or not an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> node, String field) {
    Object v = node.get(field);
    return v instanceof Map ? (Map<String, Object>) v : Map.of();
  }
}
