package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A marketing email campaign as the legacy email API shows it (hubspot-api.md section 9): the fields of
 * {@code GET /email/public/v1/campaigns/{id}}, with {@code counters} per event type. Mutable; event loop only.
 */
final class EmailCampaign {
  final long id;
  final long appId;
  final String appName;
  long contentId;
  String name;
  String subject;
  String type;
  String subType;
  final Map<String, Long> counters = new LinkedHashMap<>();
  long lastUpdatedTime;

  EmailCampaign(long id, long appId, String appName, long now) {
    this.id = id;
    this.appId = appId;
    this.appName = appName;
    this.lastUpdatedTime = now;
  }

  /** Applies the given fields ({@code name}, {@code subject}, {@code type}, {@code subType}, {@code contentId},
   * {@code counters}); unknown keys fail naming the key. */
  void apply(JsonObject fields, long now) {
    Long at = null;
    for (String key : fields.fieldNames()) {
      switch (key) {
        case "name": name = fields.getString(key); break;
        case "subject": subject = fields.getString(key); break;
        case "type": type = fields.getString(key); break;
        case "subType": subType = fields.getString(key); break;
        case "contentId": contentId = fields.getLong(key); break;
        case "counters":
          fields.getJsonObject(key).forEach(e -> counters.put(e.getKey(), ((Number) e.getValue()).longValue()));
          break;
        case "lastUpdatedTime": at = fields.getLong(key); break; // backdated seeding
        case "appId": case "appName": case "id": break; // fixed at creation
        default: throw new IllegalArgumentException("unknown campaign field '" + key + "'");
      }
    }
    lastUpdatedTime = at != null ? at : Math.max(now, lastUpdatedTime);
  }

  /** The row of {@code campaigns/by-id}. */
  JsonObject summary() {
    return new JsonObject().put("id", id).put("appId", appId).put("appName", appName)
        .put("lastUpdatedTime", lastUpdatedTime);
  }

  JsonObject toJson() {
    JsonObject c = new JsonObject();
    counters.forEach(c::put);
    return new JsonObject().put("appId", appId).put("appName", appName).put("contentId", contentId)
        .put("counters", c).put("id", id).put("name", name).put("numIncluded", counters.getOrDefault("sent", 0L))
        .put("numQueued", 0).put("subType", subType).put("subject", subject).put("type", type)
        .put("lastUpdatedTime", lastUpdatedTime).put("processingState", "DONE");
  }
}
