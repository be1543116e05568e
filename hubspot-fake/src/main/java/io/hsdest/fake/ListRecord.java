package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.TreeMap;

/**
 * A list as stored: HubSpot's list fields plus members (record id -> membership time), kept in record id order
 * because that is how {@code GET .../memberships} pages. A deleted list keeps its members until it is restored or
 * the fake is reset. Event loop only.
 */
final class ListRecord {
  final long listId;
  String name;
  final String objectTypeId;
  final String processingType;
  final long createdAt;
  long updatedAt;
  int version = 1;
  /** When the list was deleted (DELETE /crm/v3/lists/{id}); null while it exists. */
  Long deletedAt;
  long lastAddedAt;
  long lastRemovedAt;
  final TreeMap<Long, Long> members = new TreeMap<>();

  ListRecord(long listId, String name, String objectTypeId, String processingType, long now) {
    this.listId = listId;
    this.name = name;
    this.objectTypeId = objectTypeId;
    this.processingType = processingType;
    this.createdAt = now;
    this.updatedAt = now;
  }

  boolean deleted() {
    return deletedAt != null;
  }

  /** HubSpot: memberships can be changed by hand only on MANUAL and SNAPSHOT lists (DYNAMIC ones follow filters). */
  boolean acceptsManualMembership() {
    return "MANUAL".equals(processingType) || "SNAPSHOT".equals(processingType);
  }

  void added(long now) {
    lastAddedAt = now;
    updatedAt = now;
  }

  void removed(long now) {
    lastRemovedAt = now;
    updatedAt = now;
  }

  /** PublicObjectList (SPEC {@code crm-lists-v3}). */
  JsonObject toJson() {
    JsonObject o = common().put("size", members.size());
    if (deletedAt != null) {
      o.put("deletedAt", Timestamps.iso(deletedAt));
    }
    return o;
  }

  /**
   * PublicObjectListSearchResult: the list without {@code size}, plus {@code additionalProperties} holding the
   * properties HubSpot always returns (hs_list_size, hs_last_record_added_at, ...) when they have a value.
   */
  JsonObject toSearchJson() {
    JsonObject props = new JsonObject().put("hs_list_size", Integer.toString(members.size()))
        .put("hs_list_reference_count", "0");
    if (lastAddedAt > 0) {
      props.put("hs_last_record_added_at", Long.toString(lastAddedAt));
    }
    if (lastRemovedAt > 0) {
      props.put("hs_last_record_removed_at", Long.toString(lastRemovedAt));
    }
    return common().put("additionalProperties", props);
  }

  private JsonObject common() {
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
        .put("updatedById", "1");
  }

  CrmList snapshot() {
    ArrayList<String> ids = new ArrayList<>();
    members.keySet().forEach(id -> ids.add(Long.toString(id)));
    return new CrmList(Long.toString(listId), name, objectTypeId, processingType, ids);
  }
}
