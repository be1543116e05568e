package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A snapshot of one list (Lists v3) and its member record ids in ascending id order (HubSpot's paging order). */
public record CrmList(String listId, String name, String objectTypeId, String processingType,
                      List<String> memberIds) {

  public JsonObject toJson() {
    return new JsonObject().put("listId", listId).put("name", name).put("objectTypeId", objectTypeId)
        .put("processingType", processingType).put("memberIds", new JsonArray(memberIds));
  }
}
