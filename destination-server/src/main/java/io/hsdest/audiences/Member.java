package io.hsdest.audiences;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A member whose identity is usable: an email (normalised), a userId or a record id, with the request's field name
 * so that a report shows the member as it was sent.
 */
record Member(Identity identity, String value, String field, int index) {

  Map<String, Object> asGiven() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(field, value);
    return m;
  }
}
