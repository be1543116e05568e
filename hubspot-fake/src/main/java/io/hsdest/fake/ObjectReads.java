package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * CRM object reads (hubspot-api.md section 4): batch read (207 with OBJECT_NOT_FOUND listing {@code context.ids}),
 * single GET by id or unique {@code idProperty} (404 when missing), and the paged list. Reads by id follow merges.
 */
final class ObjectReads {
  void register(ApiRoutes r) {
    r.post("/crm/v3/objects/:objectType/batch/read", ApiRoutes.OBJECTS, this::batchRead);
    r.get("/crm/v3/objects/:objectType/:objectId", ApiRoutes.OBJECTS, this::getOne);
    r.get("/crm/v3/objects/:objectType", ApiRoutes.OBJECTS, this::list);
  }

  /** The single-object 404 body HubSpot sends (hubspot-api-nodejs #669). */
  static ApiError objectNotFound(String id) {
    JsonObject body = new JsonObject().put("status", "error")
        .put("message", "Object not found.  objectId are usually numeric.").putNull("correlationId")
        .put("context", new JsonObject().put("id", new JsonArray().add(id))).put("category", "OBJECT_NOT_FOUND");
    return new ApiError(Reply.json(404, body));
  }

  private Reply batchRead(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    ObjectStore store = x.portal.store(type);
    JsonObject body = x.body();
    JsonArray inputs = Batches.inputs(body, CrmWrites.MAX_INPUTS);
    String idProperty = Batches.text(body, "idProperty");
    if (idProperty != null && !"hs_object_id".equals(idProperty) && !store.isUniqueKey(idProperty)) {
      throw CrmWrites.nonUnique(type, idProperty);
    }
    List<String> properties = RecordJson.propertyNames(body.getValue("properties"));
    JsonArray results = new JsonArray();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String id = Batches.text(Batches.input(inputs, i), "id");
      CrmRecord r = id == null ? null : store.findBy(idProperty, id);
      if (r == null) {
        missing.add(id);
      } else {
        results.add(RecordJson.read(type, r, properties));
      }
    }
    JsonArray errors = new JsonArray();
    if (!missing.isEmpty()) {
      errors.add(Envelopes.item("OBJECT_NOT_FOUND", CrmWrites.notFoundMessage(type),
          new JsonObject().put("ids", new JsonArray(missing))));
    }
    return Batches.reply(200, results, errors, x.receivedAt);
  }

  private Reply getOne(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    ObjectStore store = x.portal.store(type);
    String idProperty = x.query("idProperty");
    if (idProperty != null && !"hs_object_id".equals(idProperty) && !store.isUniqueKey(idProperty)) {
      throw CrmWrites.nonUnique(type, idProperty);
    }
    CrmRecord r = store.findBy(idProperty, x.param("objectId"));
    if (r == null) {
      throw objectNotFound(x.param("objectId"));
    }
    return Reply.json(200, RecordJson.read(type, r, RecordJson.propertyNames(x.query("properties"))));
  }

  /**
   * The paged list, by id: {@code after} is the next id. With {@code archived=true} it lists only archived records
   * (with {@code archivedAt}), as HubSpot does.
   */
  private Reply list(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    ObjectStore store = x.portal.store(type);
    boolean archived = "true".equalsIgnoreCase(x.query("archived"));
    int limit = clamp(intQuery(x, "limit", 10), 1, 100);
    String after = x.query("after");
    Long afterId = after == null ? null : ObjectStore.parseId(after);
    if (after != null && afterId == null) {
      throw Envelopes.validation("Invalid 'after' value: " + after);
    }
    List<String> properties = RecordJson.propertyNames(x.query("properties"));
    JsonArray results = new JsonArray();
    CrmRecord last = null;
    boolean more = false;
    long from = afterId == null ? Long.MIN_VALUE : afterId - 1;
    for (CrmRecord r : archived ? store.archivedAfter(from) : store.after(from)) {
      if (results.size() == limit) {
        more = true;
        break;
      }
      results.add(RecordJson.read(type, r, properties));
      last = r;
    }
    JsonObject body = new JsonObject().put("results", results);
    if (more) {
      String next = Long.toString(last.id + 1);
      body.put("paging", new JsonObject().put("next", new JsonObject().put("after", next)
          .put("link", "https://api.hubapi.com/crm/v3/objects/" + type.plural + "?after=" + next
              + (archived ? "&archived=true" : ""))));
    }
    return Reply.json(200, body);
  }

  static int intQuery(Exchange x, String name, int fallback) {
    String v = x.query(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw Envelopes.validation("Invalid '" + name + "' value: " + v);
    }
  }

  static int clamp(int v, int min, int max) {
    return Math.max(min, Math.min(max, v));
  }
}
