package io.hsdest.fake;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * Associations v4 (hubspot-api.md section 5): default batch associate, labelled batch create, batch read, the
 * single default PUT and the per-object read. The {@code /crm/v4/associations/{from}/{to}/batch/*} calls are
 * exempt from the 10-second limit like in HubSpot. Writing an existing association is a no-op that still succeeds.
 */
final class AssociationsApi {
  static final int MAX_CREATE_INPUTS = 2000;
  static final int MAX_READ_INPUTS = 1000;

  void register(ApiRoutes r) {
    r.add(HttpMethod.POST, "/crm/v4/associations/:fromObjectType/:toObjectType/batch/associate/default",
        LimitClass.ASSOCIATION_BATCH, ApiRoutes.family(ApiFamily.ASSOCIATIONS), this::associateDefault);
    r.add(HttpMethod.POST, "/crm/v4/associations/:fromObjectType/:toObjectType/batch/create",
        LimitClass.ASSOCIATION_BATCH, ApiRoutes.family(ApiFamily.ASSOCIATIONS), this::create);
    r.add(HttpMethod.POST, "/crm/v4/associations/:fromObjectType/:toObjectType/batch/read",
        LimitClass.ASSOCIATION_BATCH, ApiRoutes.family(ApiFamily.ASSOCIATIONS), this::read);
    r.put("/crm/v4/objects/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId",
        ApiRoutes.family(ApiFamily.ASSOCIATIONS), this::putDefault);
    r.get("/crm/v4/objects/:fromObjectType/:fromObjectId/associations/:toObjectType",
        ApiRoutes.family(ApiFamily.ASSOCIATIONS), this::listOne);
    r.delete("/crm/v4/objects/:fromObjectType/:fromObjectId/associations/:toObjectType/:toObjectId",
        ApiRoutes.family(ApiFamily.ASSOCIATIONS), this::removeOne);
  }

  /** Removes every association between the two records: 204, also when there was none. */
  private Reply removeOne(Exchange x) {
    ObjectType from = ObjectType.parse(x.param("fromObjectType"));
    ObjectType to = ObjectType.parse(x.param("toObjectType"));
    Long fromId = ObjectStore.parseId(x.param("fromObjectId"));
    Long toId = ObjectStore.parseId(x.param("toObjectId"));
    if (fromId != null && toId != null) {
      x.portal.dissociate(from, fromId, to, toId, x.receivedAt);
    }
    return Reply.noContent();
  }

  private Reply associateDefault(Exchange x) {
    ObjectType from = ObjectType.parse(x.param("fromObjectType"));
    ObjectType to = ObjectType.parse(x.param("toObjectType"));
    JsonArray inputs = Batches.inputs(x.body(), MAX_CREATE_INPUTS);
    int typeId = AssociationStore.defaultType(from, to);
    JsonArray results = new JsonArray();
    JsonArray errors = new JsonArray();
    for (int i = 0; i < inputs.size(); i++) {
      JsonObject in = Batches.input(inputs, i);
      String fromId = Batches.text(in.getJsonObject("from", new JsonObject()), "id");
      String toId = Batches.text(in.getJsonObject("to", new JsonObject()), "id");
      JsonObject missing = missing(x.portal, from, fromId, to, toId);
      if (missing != null) {
        errors.add(missing);
        continue;
      }
      x.portal.associate(from, Long.parseLong(fromId), to, Long.parseLong(toId), typeId, x.receivedAt);
      results.add(defaultResult(fromId, toId, typeId));
    }
    return Batches.reply(200, results, errors, x.receivedAt);
  }

  private Reply create(Exchange x) {
    ObjectType from = ObjectType.parse(x.param("fromObjectType"));
    ObjectType to = ObjectType.parse(x.param("toObjectType"));
    JsonArray inputs = Batches.inputs(x.body(), MAX_CREATE_INPUTS);
    JsonArray results = new JsonArray();
    JsonArray errors = new JsonArray();
    for (int i = 0; i < inputs.size(); i++) {
      JsonObject in = Batches.input(inputs, i);
      String fromId = Batches.text(in.getJsonObject("from", new JsonObject()), "id");
      String toId = Batches.text(in.getJsonObject("to", new JsonObject()), "id");
      JsonArray types = in.getJsonArray("types", new JsonArray());
      if (types.isEmpty()) {
        throw Envelopes.validation("inputs[" + i + "].types must contain at least one association type");
      }
      for (Object t : types) {
        JsonObject spec = (JsonObject) t;
        int typeId = spec.getInteger("associationTypeId", -1);
        if ("HUBSPOT_DEFINED".equals(spec.getString("associationCategory"))
            && !AssociationStore.hubspotDefined(from, to).contains(typeId)) {
          throw Envelopes.validation("associationTypeId " + typeId + " is not a HUBSPOT_DEFINED type from "
              + from.typeId + " to " + to.typeId);
        }
      }
      JsonObject missing = missing(x.portal, from, fromId, to, toId);
      if (missing != null) {
        errors.add(missing);
        continue;
      }
      long f = Long.parseLong(fromId);
      long t = Long.parseLong(toId);
      for (Object spec : types) {
        x.portal.associate(from, f, to, t, ((JsonObject) spec).getInteger("associationTypeId"), x.receivedAt);
      }
      JsonArray labels = new JsonArray();
      x.portal.associations.of(from, f, to).getOrDefault(t, Set.of()).forEach(id -> {
        if (AssociationStore.label(id) != null) {
          labels.add(AssociationStore.label(id));
        }
      });
      results.add(new JsonObject().put("fromObjectTypeId", from.typeId).put("fromObjectId", f)
          .put("toObjectTypeId", to.typeId).put("toObjectId", t).put("labels", labels));
    }
    return Batches.reply(201, results, errors, x.receivedAt);
  }

  private Reply read(Exchange x) {
    ObjectType from = ObjectType.parse(x.param("fromObjectType"));
    ObjectType to = ObjectType.parse(x.param("toObjectType"));
    JsonArray inputs = Batches.inputs(x.body(), MAX_READ_INPUTS);
    JsonArray results = new JsonArray();
    JsonArray errors = new JsonArray();
    for (int i = 0; i < inputs.size(); i++) {
      String id = Batches.text(Batches.input(inputs, i), "id");
      CrmRecord r = x.portal.store(from).resolve(id);
      Map<Long, Set<Integer>> targets = r == null ? Map.of() : x.portal.associations.of(from, r.id, to);
      if (targets.isEmpty()) {
        errors.add(new JsonObject().put("status", "error").put("category", "OBJECT_NOT_FOUND")
            .put("subCategory", "crm.associations.NO_ASSOCIATIONS_FOUND")
            .put("message", "No " + to.singular + " is associated with " + from.singular + " " + id + ".")
            .put("context", new JsonObject().put("fromObjectId", new JsonArray().add(String.valueOf(id)))));
        continue;
      }
      results.add(new JsonObject().put("from", new JsonObject().put("id", id)).put("to", toList(targets)));
    }
    return Batches.reply(200, results, errors, x.receivedAt);
  }

  private Reply putDefault(Exchange x) {
    ObjectType from = ObjectType.parse(x.param("fromObjectType"));
    ObjectType to = ObjectType.parse(x.param("toObjectType"));
    String fromId = x.param("fromObjectId");
    String toId = x.param("toObjectId");
    JsonObject missing = missing(x.portal, from, fromId, to, toId);
    if (missing != null) {
      missing.putNull("correlationId");
      throw new ApiError(Reply.json(400, missing));
    }
    int typeId = AssociationStore.defaultType(from, to);
    x.portal.associate(from, Long.parseLong(fromId), to, Long.parseLong(toId), typeId, x.receivedAt);
    return Batches.reply(200, new JsonArray().add(defaultResult(fromId, toId, typeId)), new JsonArray(),
        x.receivedAt);
  }

  private Reply listOne(Exchange x) {
    ObjectType from = ObjectType.parse(x.param("fromObjectType"));
    ObjectType to = ObjectType.parse(x.param("toObjectType"));
    CrmRecord r = x.portal.store(from).resolve(x.param("fromObjectId"));
    Map<Long, Set<Integer>> targets = r == null ? Map.of() : x.portal.associations.of(from, r.id, to);
    return Reply.json(200, new JsonObject().put("results", toList(targets)));
  }

  private static JsonArray toList(Map<Long, Set<Integer>> targets) {
    JsonArray list = new JsonArray();
    targets.forEach((toId, types) -> {
      JsonArray specs = new JsonArray();
      types.forEach(t -> specs.add(new JsonObject().put("category", AssociationStore.category(t)).put("typeId", t)
          .put("label", AssociationStore.label(t))));
      list.add(new JsonObject().put("toObjectId", toId).put("associationTypes", specs));
    });
    return list;
  }

  private static JsonObject defaultResult(String fromId, String toId, int typeId) {
    return new JsonObject().put("from", new JsonObject().put("id", fromId)).put("to", new JsonObject().put("id", toId))
        .put("associationSpec", new JsonObject().put("associationCategory", "HUBSPOT_DEFINED")
            .put("associationTypeId", typeId));
  }

  /** An error item if either end does not exist (reported shape: subCategory + context objectType/id). */
  private static JsonObject missing(Portal portal, ObjectType from, String fromId, ObjectType to, String toId) {
    String which = null;
    ObjectType type = null;
    String id = null;
    if (fromId == null || portal.store(from).get(fromId) == null) {
      which = "FROM_OBJECT_NOT_FOUND";
      type = from;
      id = fromId;
    } else if (toId == null || portal.store(to).get(toId) == null) {
      which = "TO_OBJECT_NOT_FOUND";
      type = to;
      id = toId;
    }
    if (which == null) {
      return null;
    }
    return new JsonObject().put("status", "error").put("category", "VALIDATION_ERROR")
        .put("subCategory", "crm.associations." + which)
        .put("message", "No " + type.singular + " with ID " + id + " exists.")
        .put("context", new JsonObject().put("objectType", new JsonArray().add(type.upper))
            .put("id", new JsonArray().add(String.valueOf(id))));
  }
}
