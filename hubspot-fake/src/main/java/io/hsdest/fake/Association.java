package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * One association as stored, seen from {@code from}; every association is also stored the other way round with
 * HubSpot's inverse type id (279 <-> 280).
 *
 * @param fromType "contacts" or "companies"
 * @param typeIds  association type ids, e.g. 279 (contact to company, unlabelled)
 */
public record Association(String fromType, String fromId, String toType, String toId, Set<Integer> typeIds) {

  public JsonObject toJson() {
    return new JsonObject().put("fromType", fromType).put("fromId", fromId).put("toType", toType).put("toId", toId)
        .put("typeIds", new JsonArray(typeIds.stream().sorted().toList()));
  }
}
