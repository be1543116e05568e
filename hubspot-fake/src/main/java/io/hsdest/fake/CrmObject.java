package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of one contact or company, with every stored property (HubSpot's own ones included).
 *
 * @param objectType "contacts" or "companies"
 */
public record CrmObject(String objectType, String id, Map<String, String> properties, long createdAt,
                        long updatedAt) {

  public String property(String name) {
    return properties.get(name);
  }

  static CrmObject of(ObjectType type, CrmRecord r) {
    return new CrmObject(type.plural, r.idString(), Map.copyOf(r.properties), r.createdAt, r.updatedAt);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("properties", new JsonObject(new TreeMap<>(properties)))
        .put("createdAt", Timestamps.iso(createdAt)).put("updatedAt", Timestamps.iso(updatedAt));
  }
}
