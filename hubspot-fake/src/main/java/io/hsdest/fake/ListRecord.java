package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** A list as stored: HubSpot's list fields plus members (record id -> membership time). Event loop only. */
final class ListRecord {
  final long listId;
  final String name;
  final String objectTypeId;
  final String processingType;
  final long createdAt;
  long updatedAt;
  int version = 1;
  final Map<Long, Long> members = new LinkedHashMap<>();

  ListRecord(long listId, String name, String objectTypeId, String processingType, long now) {
    this.listId = listId;
    this.name = name;
    this.objectTypeId = objectTypeId;
    this.processingType = processingType;
    this.createdAt = now;
    this.updatedAt = now;
  }

  boolean acceptsManualMembership() {
    return "MANUAL".equals(processingType) || "SNAPSHOT".equals(processingType);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("listId", Long.toString(listId))
        .put("listVersion", version)
        .put("name", name)
        .put("objectTypeId", objectTypeId)
        .put("processingType", processingType)
        .put("processingStatus", "COMPLETE")
        .put("createdAt", Timestamps.iso(createdAt))
        .put("updatedAt", Timestamps.iso(updatedAt))
        .put("filtersUpdatedAt", Timestamps.iso(createdAt))
        .put("createdById", "1")
        .put("updatedById", "1")
        .put("size", members.size());
  }

  CrmList snapshot() {
    ArrayList<String> ids = new ArrayList<>();
    members.keySet().forEach(id -> ids.add(Long.toString(id)));
    return new CrmList(Long.toString(listId), name, objectTypeId, processingType, ids);
  }
}
