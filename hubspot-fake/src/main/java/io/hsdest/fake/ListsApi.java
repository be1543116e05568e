package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists v3 (hubspot-api.md section 8): create (duplicate names fail with ILS.DUPLICATE_LIST_NAMES), lookup by id
 * and by name (case-insensitive), and manual membership changes on MANUAL/SNAPSHOT lists.
 */
final class ListsApi {
  private static final Set<String> PROCESSING_TYPES = Set.of("MANUAL", "DYNAMIC", "SNAPSHOT");

  void register(ApiRoutes r) {
    var lists = ApiRoutes.family(ApiFamily.LISTS);
    r.post("/crm/v3/lists", lists, this::create);
    r.get("/crm/v3/lists/object-type-id/:objectTypeId/name/:listName", lists, this::byName);
    r.get("/crm/v3/lists/:listId", lists, this::byId);
    r.put("/crm/v3/lists/:listId/memberships/add-and-remove", lists, this::addAndRemove);
    r.put("/crm/v3/lists/:listId/memberships/add", lists, x -> change(x, strings(x.bodyArray()), List.of()));
    r.put("/crm/v3/lists/:listId/memberships/remove", lists, x -> change(x, List.of(), strings(x.bodyArray())));
    r.get("/crm/v3/lists/:listId/memberships", lists, this::memberships);
  }

  private Reply create(Exchange x) {
    JsonObject body = x.body();
    String name = body.getString("name");
    String objectTypeId = body.getString("objectTypeId");
    String processingType = body.getString("processingType");
    if (name == null || name.isBlank() || objectTypeId == null || processingType == null) {
      throw Envelopes.validation("name, objectTypeId and processingType are required");
    }
    if (!PROCESSING_TYPES.contains(processingType)) {
      throw Envelopes.validation("processingType must be one of " + PROCESSING_TYPES + ", was " + processingType);
    }
    if (ObjectType.parseOrNull(objectTypeId) == null) {
      throw Envelopes.validation("objectTypeId " + objectTypeId + " is not supported by the fake (0-1, 0-2)");
    }
    String typeId = ObjectType.parse(objectTypeId).typeId;
    for (ListRecord l : x.portal.lists.values()) {
      if (l.name.equalsIgnoreCase(name)) {
        JsonObject err = Envelopes.error("A list named '" + name + "' already exists.", "VALIDATION_ERROR")
            .put("subCategory", "ILS.DUPLICATE_LIST_NAMES");
        throw new ApiError(Reply.json(400, err));
      }
    }
    ListRecord l = new ListRecord(x.portal.nextListId++, name, typeId, processingType, x.receivedAt);
    x.portal.lists.put(l.listId, l);
    return Reply.json(200, new JsonObject().put("list", l.toJson()));
  }

  private Reply byName(Exchange x) {
    String typeId = x.param("objectTypeId");
    ListRecord l = x.portal.listByName(typeId, x.param("listName"));
    if (l == null) {
      throw Envelopes.notFound("List does not exist with name " + x.param("listName") + " and object type ID "
          + typeId + ".");
    }
    return Reply.json(200, new JsonObject().put("list", l.toJson()));
  }

  private Reply byId(Exchange x) {
    return Reply.json(200, new JsonObject().put("list", list(x).toJson()));
  }

  private Reply addAndRemove(Exchange x) {
    JsonObject body = x.body();
    return change(x, strings(body.getJsonArray("recordIdsToAdd", new JsonArray())),
        strings(body.getJsonArray("recordIdsToRemove", new JsonArray())));
  }

  /** MembershipsUpdateResponse; the field really is spelled {@code recordsIdsAdded} (SPEC). */
  private Reply change(Exchange x, List<String> add, List<String> remove) {
    ListRecord l = list(x);
    if (!l.acceptsManualMembership()) {
      throw Envelopes.validation("List " + l.listId + " has processingType " + l.processingType
          + "; memberships can only be changed on MANUAL or SNAPSHOT lists.");
    }
    ObjectStore store = x.portal.store(ObjectType.parse(l.objectTypeId));
    JsonArray added = new JsonArray();
    JsonArray removed = new JsonArray();
    JsonArray missing = new JsonArray();
    for (String id : add) {
      CrmRecord r = store.get(id);
      if (r == null) {
        missing.add(id);
      } else if (l.members.putIfAbsent(r.id, x.receivedAt) == null) {
        added.add(id);
      }
    }
    for (String id : remove) {
      Long n = ObjectStore.parseId(id);
      if (n != null && l.members.remove(n) != null) {
        removed.add(id);
      } else if (store.get(id) == null) {
        missing.add(id);
      }
    }
    if (!added.isEmpty() || !removed.isEmpty()) {
      l.updatedAt = x.receivedAt;
    }
    return Reply.json(200, new JsonObject().put("recordsIdsAdded", added).put("recordIdsRemoved", removed)
        .put("recordIdsMissing", missing));
  }

  private Reply memberships(Exchange x) {
    ListRecord l = list(x);
    int limit = ObjectReads.clamp(ObjectReads.intQuery(x, "limit", 100), 1, 250);
    int after = ObjectReads.intQuery(x, "after", 0);
    List<Map.Entry<Long, Long>> all = new ArrayList<>(l.members.entrySet());
    JsonArray results = new JsonArray();
    for (int i = after; i < Math.min(all.size(), after + limit); i++) {
      results.add(new JsonObject().put("recordId", Long.toString(all.get(i).getKey()))
          .put("membershipTimestamp", Timestamps.iso(all.get(i).getValue())));
    }
    JsonObject body = new JsonObject().put("results", results).put("total", all.size());
    if (after + limit < all.size()) {
      body.put("paging", new JsonObject().put("next", new JsonObject().put("after", Integer.toString(after + limit))));
    }
    return Reply.json(200, body);
  }

  private static ListRecord list(Exchange x) {
    Long id = ObjectStore.parseId(x.param("listId"));
    ListRecord l = id == null ? null : x.portal.lists.get(id);
    if (l == null) {
      throw Envelopes.notFound("List with id " + x.param("listId") + " does not exist.");
    }
    return l;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    a.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }
}
