package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Lists v3 (hubspot-api.md section 8; paths, bodies and response shapes from the spec's {@code crm-lists-v3}):
 * create (duplicate names fail with ILS.DUPLICATE_LIST_NAMES), fetch by id, by ids and by name (case-insensitive),
 * search with offset paging, rename, delete and restore, membership changes on MANUAL/SNAPSHOT lists (at most
 * {@link #MAX_MEMBERSHIP_IDS} record ids per call), and membership reads paged by record id or by join order. Every
 * route counts against the ten-secondly and daily limits (the spec grants lists no exemption) and needs the
 * {@code crm.lists.*} scopes ({@link ApiFamily#LISTS}).
 */
final class ListsApi {
  /**
   * Record ids one membership call may carry (adds and removes together). HubSpot documents no maximum for v3; the
   * only documented one is the v1 lists API's 500 per request (legacydocs "Add existing contacts to a list"), used
   * here as the conservative value.
   */
  static final int MAX_MEMBERSHIP_IDS = 500;
  /** DELETE .../memberships and add-from only serve lists below this size (SPEC). */
  static final int MAX_CLEARABLE = 100_000;
  private static final Set<String> PROCESSING_TYPES = Set.of("MANUAL", "DYNAMIC", "SNAPSHOT");

  void register(ApiRoutes r) {
    var lists = ApiRoutes.family(ApiFamily.LISTS);
    r.post("/crm/v3/lists", lists, this::create);
    r.get("/crm/v3/lists", lists, this::byIds);
    r.post("/crm/v3/lists/search", lists, this::search);
    r.get("/crm/v3/lists/object-type-id/:objectTypeId/name/:listName", lists, this::byName);
    r.get("/crm/v3/lists/:listId", lists, this::byId);
    r.delete("/crm/v3/lists/:listId", lists, this::delete);
    r.put("/crm/v3/lists/:listId/restore", lists, this::restore);
    r.put("/crm/v3/lists/:listId/update-list-name", lists, this::rename);
    r.put("/crm/v3/lists/:listId/memberships/add-and-remove", lists, this::addAndRemove);
    r.put("/crm/v3/lists/:listId/memberships/add", lists, x -> change(x, strings(x.bodyArray()), List.of()));
    r.put("/crm/v3/lists/:listId/memberships/remove", lists, x -> change(x, List.of(), strings(x.bodyArray())));
    r.get("/crm/v3/lists/:listId/memberships/join-order", lists, this::membershipsByJoinOrder);
    r.get("/crm/v3/lists/:listId/memberships", lists, this::memberships);
    r.delete("/crm/v3/lists/:listId/memberships", lists, this::clear);
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
    requireFreeName(x.portal, name, null);
    ListRecord l = create(x.portal, name, ObjectType.parse(objectTypeId).typeId, processingType, x.receivedAt);
    return Reply.json(200, new JsonObject().put("list", l.toJson()));
  }

  static ListRecord create(Portal p, String name, String typeId, String processingType, long now) {
    ListRecord l = new ListRecord(p.nextListId++, name, typeId, processingType, now);
    p.lists.put(l.listId, l);
    return l;
  }

  /** List names are unique across the portal's lists of every object type, ignoring case. */
  static void requireFreeName(Portal p, String name, ListRecord self) {
    for (ListRecord l : p.lists.values()) {
      if (l != self && !l.deleted() && l.name.equalsIgnoreCase(name)) {
        JsonObject err = Envelopes.error("A list named '" + name + "' already exists.", "VALIDATION_ERROR")
            .put("subCategory", "ILS.DUPLICATE_LIST_NAMES");
        throw new ApiError(Reply.json(400, err));
      }
    }
  }

  private Reply byName(Exchange x) {
    ObjectType type = ObjectType.parseOrNull(x.param("objectTypeId"));
    String typeId = type == null ? x.param("objectTypeId") : type.typeId;
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

  /** ListsByIdResponse: the lists among {@code listIds} that exist; unknown ids are left out. */
  private Reply byIds(Exchange x) {
    JsonArray out = new JsonArray();
    for (String id : x.ctx.queryParams().getAll("listIds")) {
      Long n = ObjectStore.parseId(id);
      ListRecord l = n == null ? null : x.portal.lists.get(n);
      if (l != null && !l.deleted()) {
        out.add(l.toJson());
      }
    }
    return Reply.json(200, new JsonObject().put("lists", out));
  }

  /**
   * ListSearchRequest → ListSearchResponse: {@code query} matches a part of the name, ignoring case; an empty query
   * pages through every list. {@code count} defaults to 20 and is capped at 500; {@code offset} is the position.
   */
  private Reply search(Exchange x) {
    JsonObject body = x.body();
    String query = body.getString("query", "").trim().toLowerCase(Locale.ROOT);
    int offset = Math.max(0, intField(body, "offset", 0));
    int count = ObjectReads.clamp(intField(body, "count", 20), 1, 500);
    Set<String> types = stringSet(body.getJsonArray("processingTypes"));
    Set<String> ids = stringSet(body.getJsonArray("listIds"));
    String objectTypeId = body.getString("objectTypeId");
    List<ListRecord> matching = new ArrayList<>();
    for (ListRecord l : x.portal.lists.values()) {
      if (!l.deleted() && (query.isEmpty() || l.name.toLowerCase(Locale.ROOT).contains(query))
          && (types.isEmpty() || types.contains(l.processingType))
          && (ids.isEmpty() || ids.contains(Long.toString(l.listId)))
          && (objectTypeId == null || objectTypeId.equals(l.objectTypeId))) {
        matching.add(l);
      }
    }
    JsonArray page = new JsonArray();
    for (int i = offset; i < Math.min(matching.size(), offset + count); i++) {
      page.add(matching.get(i).toSearchJson());
    }
    int next = Math.min(matching.size(), offset + count);
    return Reply.json(200, new JsonObject().put("lists", page).put("hasMore", next < matching.size())
        .put("offset", next).put("total", matching.size()));
  }

  /** {@code PUT .../update-list-name?listName=}: ListUpdateResponse {@code {"updatedList":{...}}}. */
  private Reply rename(Exchange x) {
    ListRecord l = list(x);
    String name = x.query("listName");
    if (name == null || name.isBlank()) {
      throw Envelopes.validation("listName is required");
    }
    requireFreeName(x.portal, name, l);
    l.name = name;
    l.version++;
    l.updatedAt = x.receivedAt;
    return Reply.json(200, new JsonObject().put("updatedList", l.toJson()));
  }

  /** 204; the list can be restored (the fake keeps it until reset, HubSpot for 90 days). */
  private Reply delete(Exchange x) {
    ListRecord l = list(x);
    l.deletedAt = x.receivedAt;
    return Reply.noContent();
  }

  private Reply restore(Exchange x) {
    Long id = ObjectStore.parseId(x.param("listId"));
    ListRecord l = id == null ? null : x.portal.lists.get(id);
    if (l == null || !l.deleted()) {
      throw Envelopes.notFound("List with id " + x.param("listId") + " is not deleted.");
    }
    requireFreeName(x.portal, l.name, l);
    l.deletedAt = null;
    l.updatedAt = x.receivedAt;
    return Reply.noContent();
  }

  private Reply addAndRemove(Exchange x) {
    JsonObject body = x.body();
    return change(x, strings(body.getJsonArray("recordIdsToAdd", new JsonArray())),
        strings(body.getJsonArray("recordIdsToRemove", new JsonArray())));
  }

  /**
   * MembershipsUpdateResponse; the field really is spelled {@code recordsIdsAdded} (SPEC). Ids that are no record
   * are {@code recordIdsMissing}; adding a member or removing a non-member is ignored. Adds are applied before
   * removes, so an id in both ends up out of the list (HubSpot documents nothing for that case).
   */
  private Reply change(Exchange x, List<String> add, List<String> remove) {
    ListRecord l = list(x);
    if (add.size() + remove.size() > MAX_MEMBERSHIP_IDS) {
      throw Envelopes.validation("A membership update may carry at most " + MAX_MEMBERSHIP_IDS + " record ids; this one has "
          + (add.size() + remove.size()) + ".");
    }
    if (!l.acceptsManualMembership()) {
      throw Envelopes.validation("List " + l.listId + " has processingType " + l.processingType
          + "; memberships can only be changed on MANUAL or SNAPSHOT lists.");
    }
    ObjectStore store = x.portal.store(ObjectType.parse(l.objectTypeId));
    Set<String> added = new LinkedHashSet<>();
    Set<String> removed = new LinkedHashSet<>();
    Set<String> missing = new LinkedHashSet<>();
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
        if (!added.remove(id)) {
          removed.add(id);
        }
      } else if (store.get(id) == null) {
        missing.add(id);
      }
    }
    if (!added.isEmpty()) {
      l.added(x.receivedAt);
    }
    if (!removed.isEmpty()) {
      l.removed(x.receivedAt);
    }
    return Reply.json(200, new JsonObject().put("recordsIdsAdded", new JsonArray(new ArrayList<>(added)))
        .put("recordIdsRemoved", new JsonArray(new ArrayList<>(removed)))
        .put("recordIdsMissing", new JsonArray(new ArrayList<>(missing))));
  }

  /**
   * ApiCollectionResponseJoinTimeAndRecordId in ascending record id order: {@code limit} 100 by default, at most 250;
   * {@code after} is the opaque token of {@code paging.next.after}; {@code total} is the list's size.
   */
  private Reply memberships(Exchange x) {
    ListRecord l = list(x);
    int limit = limit(x);
    String after = x.query("after");
    Long afterId = after == null ? null : ObjectStore.parseId(after);
    if (after != null && afterId == null) {
      throw Envelopes.validation("Invalid 'after' value: " + after);
    }
    NavigableMap<Long, Long> rest = afterId == null ? l.members : l.members.tailMap(afterId, false);
    JsonArray results = new JsonArray();
    Long last = null;
    for (Map.Entry<Long, Long> e : rest.entrySet()) {
      if (results.size() == limit) {
        break;
      }
      results.add(member(e.getKey(), e.getValue()));
      last = e.getKey();
    }
    boolean more = last != null && l.members.higherKey(last) != null;
    return page(x, l, results, more ? Long.toString(last) : null, "/memberships");
  }

  /** The same page shape, ordered by when each record joined (ties by id); {@code after} is a position. */
  private Reply membershipsByJoinOrder(Exchange x) {
    ListRecord l = list(x);
    int limit = limit(x);
    int after = Math.max(0, ObjectReads.intQuery(x, "after", 0));
    List<Map.Entry<Long, Long>> all = new ArrayList<>(l.members.entrySet());
    all.sort(Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
    JsonArray results = new JsonArray();
    for (int i = after; i < Math.min(all.size(), after + limit); i++) {
      results.add(member(all.get(i).getKey(), all.get(i).getValue()));
    }
    return page(x, l, results, after + limit < all.size() ? Integer.toString(after + limit) : null,
        "/memberships/join-order");
  }

  private Reply clear(Exchange x) {
    ListRecord l = list(x);
    if (!l.acceptsManualMembership()) {
      throw Envelopes.validation("List " + l.listId + " has processingType " + l.processingType
          + "; memberships can only be changed on MANUAL or SNAPSHOT lists.");
    }
    if (l.members.size() >= MAX_CLEARABLE) {
      throw Envelopes.validation("This endpoint only supports lists that have less than 100,000 memberships.");
    }
    if (!l.members.isEmpty()) {
      l.members.clear();
      l.removed(x.receivedAt);
    }
    return Reply.noContent();
  }

  private static int limit(Exchange x) {
    return ObjectReads.clamp(ObjectReads.intQuery(x, "limit", 100), 1, 250);
  }

  private static JsonObject member(long recordId, long joinedAt) {
    return new JsonObject().put("recordId", Long.toString(recordId))
        .put("membershipTimestamp", Timestamps.iso(joinedAt));
  }

  private static Reply page(Exchange x, ListRecord l, JsonArray results, String nextAfter, String path) {
    JsonObject body = new JsonObject().put("results", results).put("total", l.members.size());
    if (nextAfter != null) {
      body.put("paging", new JsonObject().put("next", new JsonObject().put("after", nextAfter)
          .put("link", "https://api.hubapi.com/crm/v3/lists/" + l.listId + path + "?after=" + nextAfter)));
    }
    return Reply.json(200, body);
  }

  /** The list in the path; unknown or deleted ids answer 404. */
  private static ListRecord list(Exchange x) {
    Long id = ObjectStore.parseId(x.param("listId"));
    ListRecord l = id == null ? null : x.portal.lists.get(id);
    if (l == null || l.deleted()) {
      throw Envelopes.notFound("List with id " + x.param("listId") + " does not exist.");
    }
    return l;
  }

  private static int intField(JsonObject body, String name, int fallback) {
    Object v = body.getValue(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw Envelopes.validation("Invalid '" + name + "' value: " + v);
    }
  }

  private static Set<String> stringSet(JsonArray a) {
    Set<String> out = new LinkedHashSet<>();
    if (a != null) {
      a.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    a.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }
}
