package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored custom event occurrence.
 *
 * @param eventName  the fully qualified name ({@code pe<portal>_<name>})
 * @param objectId   the contact (or company) it was attached to: the sent objectId, else the contact with the sent
 *                   email if one exists, else null
 * @param occurredAt ISO-8601 UTC with milliseconds
 * @param uuid       the sent uuid, or one the fake generated
 */
public record EventOccurrence(String eventName, String objectType, String objectId, String email, String utk,
                              String occurredAt, String uuid, Map<String, String> properties, long receivedAt) {

  public JsonObject toJson() {
    return new JsonObject().put("objectType", objectType).put("objectId", objectId).put("eventType", eventName)
        .put("occurredAt", occurredAt).put("id", uuid).put("email", email).put("utk", utk)
        .put("properties", new JsonObject(new LinkedHashMap<>(properties)));
  }
}
