package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * SimplePublicObject bodies (hubspot-api.md section 4). Writes echo the written properties with their stored values
 * (so a refused backward lifecycle move shows the kept stage); reads return the requested properties, null where
 * unset, or HubSpot's default set.
 */
final class RecordJson {
  static final List<String> CONTACT_DEFAULTS =
      List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname");
  static final List<String> COMPANY_DEFAULTS =
      List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name");
  static final List<String> DEAL_DEFAULTS = List.of("amount", "closedate", "createdate", "dealname", "dealstage",
      "hs_lastmodifieddate", "hs_object_id", "pipeline");

  private RecordJson() {
  }

  static JsonObject written(ObjectType type, CrmRecord r, Collection<String> names, Boolean isNew, String traceId) {
    JsonObject props = new JsonObject();
    for (String n : names) {
      String v = r.get(n);
      props.put(n, v == null ? "" : v);
    }
    always(type, r, props);
    JsonObject o = envelope(r, props);
    if (isNew != null) {
      o.put("new", isNew);
    }
    if (traceId != null) {
      o.put("objectWriteTraceId", traceId);
    }
    return o;
  }

  static JsonObject read(ObjectType type, CrmRecord r, List<String> requested) {
    List<String> names = requested == null || requested.isEmpty() ? defaults(type) : requested;
    JsonObject props = new JsonObject();
    for (String n : names) {
      String v = r.get(n);
      if (v == null) {
        props.putNull(n);
      } else {
        props.put(n, v);
      }
    }
    always(type, r, props);
    return envelope(r, props);
  }

  static List<String> defaults(ObjectType type) {
    switch (type) {
      case CONTACTS: return CONTACT_DEFAULTS;
      case COMPANIES: return COMPANY_DEFAULTS;
      default: return DEAL_DEFAULTS;
    }
  }

  /** {@code properties} as a JSON array of names or a comma-separated query value; null if absent. */
  static List<String> propertyNames(Object v) {
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    if (v instanceof JsonArray) {
      ((JsonArray) v).forEach(p -> out.add(String.valueOf(p)));
    } else {
      for (String s : String.valueOf(v).split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  private static void always(ObjectType type, CrmRecord r, JsonObject props) {
    props.put("hs_object_id", r.idString());
    props.put("createdate", r.get("createdate"));
    props.put(type.lastModifiedProperty(), r.get(type.lastModifiedProperty()));
  }

  private static JsonObject envelope(CrmRecord r, JsonObject props) {
    JsonObject o = new JsonObject().put("id", r.idString()).put("properties", props)
        .put("createdAt", Timestamps.iso(r.createdAt)).put("updatedAt", Timestamps.iso(r.updatedAt))
        .put("archived", r.archivedAt != 0);
    if (r.archivedAt != 0) {
      o.put("archivedAt", Timestamps.iso(r.archivedAt));
    }
    return o;
  }
}
