package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CRM object writes for contacts, companies and deals (hubspot-api.md section 4): batch upsert/create/update,
 * single create/PATCH, archive (DELETE, batch/archive) and merge. Batch rules, as HubSpot: at most 100 inputs; duplicate ids (email case-insensitive) fail the batch;
 * when every input carries a distinct {@code objectWriteTraceId}, bad inputs are reported per input in a 207 and
 * the good ones applied, otherwise one bad input fails the whole batch and nothing is written.
 */
final class CrmWrites {
  static final int MAX_INPUTS = 100;

  private enum Mode { UPSERT, CREATE, UPDATE }

  private static final class Input {
    final int index;
    final JsonObject raw;
    final String traceId;
    String id;
    String idProperty;
    Map<String, String> values;
    final List<PropertyError> errors = new ArrayList<>();
    CrmRecord target;
    boolean notFound;
    Long conflictOwner;

    Input(int index, JsonObject raw) {
      this.index = index;
      this.raw = raw;
      this.traceId = Batches.text(raw, "objectWriteTraceId");
    }
  }

  private record PendingAssociation(ObjectType toType, long toId, int typeId) {
  }

  void register(ApiRoutes r) {
    r.post("/crm/v3/objects/:objectType/batch/upsert", ApiRoutes.OBJECTS, x -> batch(x, Mode.UPSERT));
    r.post("/crm/v3/objects/:objectType/batch/create", ApiRoutes.OBJECTS, x -> batch(x, Mode.CREATE));
    r.post("/crm/v3/objects/:objectType/batch/update", ApiRoutes.OBJECTS, x -> batch(x, Mode.UPDATE));
    r.post("/crm/v3/objects/:objectType", ApiRoutes.OBJECTS, this::createOne);
    r.patch("/crm/v3/objects/:objectType/:objectId", ApiRoutes.OBJECTS, this::patchOne);
    r.post("/crm/v3/objects/:objectType/batch/archive", ApiRoutes.OBJECTS, this::batchArchive);
    r.delete("/crm/v3/objects/:objectType/:objectId", ApiRoutes.OBJECTS, this::archiveOne);
    r.post("/crm/v3/objects/:objectType/merge", ApiRoutes.OBJECTS, this::merge);
  }

  /** {@code DELETE /crm/v3/objects/{type}/{id}}: archives it (204); an unknown id is HubSpot's single 404. */
  private Reply archiveOne(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    CrmRecord r = x.portal.store(type).get(x.param("objectId"));
    if (r == null) {
      throw ObjectReads.objectNotFound(x.param("objectId"));
    }
    x.portal.archive(type, r, x.receivedAt);
    return Reply.noContent();
  }

  /** {@code POST .../batch/archive} {@code {"inputs":[{"id"}]}}: 204; ids that do not exist are skipped silently. */
  private Reply batchArchive(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    JsonArray inputs = Batches.inputs(x.body(), MAX_INPUTS);
    for (int i = 0; i < inputs.size(); i++) {
      CrmRecord r = x.portal.store(type).get(Batches.text(Batches.input(inputs, i), "id"));
      if (r != null) {
        x.portal.archive(type, r, x.receivedAt);
      }
    }
    return Reply.noContent();
  }

  /**
   * {@code POST .../merge} {@code {"primaryObjectId","objectIdToMerge"}}: the merged record disappears, its id goes to
   * the primary's {@code hs_merged_object_ids}; answers the primary (hubspot-api.md section 4).
   */
  private Reply merge(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    ObjectStore store = x.portal.store(type);
    JsonObject body = x.body();
    String primaryId = Batches.text(body, "primaryObjectId");
    String mergedId = Batches.text(body, "objectIdToMerge");
    if (primaryId == null || mergedId == null) {
      throw Envelopes.validation("primaryObjectId and objectIdToMerge are required");
    }
    CrmRecord primary = store.get(primaryId);
    CrmRecord merged = store.get(mergedId);
    if (primary == null || merged == null) {
      throw ObjectReads.objectNotFound(primary == null ? primaryId : mergedId);
    }
    if (primary == merged) {
      throw Envelopes.validation("Cannot merge " + type.singular + " " + primaryId + " with itself");
    }
    x.portal.merge(type, primary, merged, x.receivedAt);
    return Reply.json(200, RecordJson.read(type, primary, null));
  }

  private Reply batch(Exchange x, Mode mode) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    ObjectStore store = x.portal.store(type);
    JsonArray rawInputs = Batches.inputs(x.body(), MAX_INPUTS);
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < rawInputs.size(); i++) {
      Input in = new Input(i, Batches.input(rawInputs, i));
      in.idProperty = Batches.text(in.raw, "idProperty");
      if (mode != Mode.CREATE) {
        in.id = Batches.text(in.raw, "id");
        if (in.id == null) {
          throw Envelopes.validation("Invalid input JSON: inputs[" + i + "].id is required");
        }
      }
      inputs.add(in);
    }
    checkIdProperties(type, store, inputs, mode);
    checkDuplicates(store, inputs, mode);
    boolean traced = traced(inputs);
    Map<String, Long> claims = new HashMap<>();
    for (Input in : inputs) {
      in.values = RecordValues.validate(store, in.raw.getValue("properties"), in.errors);
      if (mode == Mode.UPSERT) {
        PropertyDefinition d = store.property(in.idProperty);
        String v = PropertyValues.normalize(d, in.id, store.isEmail(in.idProperty), in.errors);
        if (v != null) {
          in.values.put(in.idProperty, v);
        }
        in.target = store.findBy(in.idProperty, in.id);
      } else if (mode == Mode.UPDATE) {
        in.target = in.idProperty == null || "hs_object_id".equals(in.idProperty)
            ? store.get(in.id) : store.findBy(in.idProperty, in.id);
        in.notFound = in.target == null;
      }
      if (in.errors.isEmpty() && !in.notFound) {
        in.conflictOwner = conflict(store, in, claims);
      }
    }
    if (!traced) {
      List<PropertyError> all = new ArrayList<>();
      inputs.forEach(in -> all.addAll(in.errors));
      if (!all.isEmpty()) {
        throw new ApiError(Reply.json(400, Envelopes.propertyValues(all, x.portal.portalId)));
      }
      for (Input in : inputs) {
        if (in.conflictOwner != null) {
          throw Envelopes.conflict(conflictMessage(type, in.conflictOwner));
        }
      }
    }
    JsonArray results = new JsonArray();
    JsonArray errors = new JsonArray();
    List<String> missing = new ArrayList<>();
    List<String> missingTraces = new ArrayList<>();
    for (Input in : inputs) {
      if (!in.errors.isEmpty()) {
        errors.add(Envelopes.propertyValuesItem(in.errors, x.portal.portalId, in.traceId));
      } else if (in.notFound) {
        missing.add(in.id);
        if (in.traceId != null) {
          missingTraces.add(in.traceId);
        }
      } else if (in.conflictOwner != null) {
        errors.add(Envelopes.item("CONFLICT", conflictMessage(type, in.conflictOwner),
            new JsonObject().put("objectWriteTraceId", new JsonArray().add(in.traceId))));
      } else {
        boolean isNew = in.target == null;
        CrmRecord rec = isNew ? store.create(x.receivedAt) : in.target;
        store.apply(rec, in.values, x.receivedAt, x.config.allowLifecycleBackward());
        results.add(RecordJson.written(type, rec, in.values.keySet(), mode == Mode.UPSERT ? isNew : null, in.traceId));
      }
    }
    if (!missing.isEmpty()) {
      JsonObject context = new JsonObject().put("ids", new JsonArray(missing));
      if (traced) {
        context.put("objectWriteTraceId", new JsonArray(missingTraces));
      }
      errors.add(Envelopes.item("OBJECT_NOT_FOUND", notFoundMessage(type), context));
    }
    return Batches.reply(mode == Mode.CREATE ? 201 : 200, results, errors, x.receivedAt);
  }

  private Reply createOne(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    ObjectStore store = x.portal.store(type);
    JsonObject body = x.body();
    List<PropertyError> errors = new ArrayList<>();
    Map<String, String> values = RecordValues.validate(store, body.getValue("properties"), errors);
    if (!errors.isEmpty()) {
      throw new ApiError(Reply.json(400, Envelopes.propertyValues(errors, x.portal.portalId)));
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      Long owner = store.isUniqueKey(e.getKey()) ? store.owner(e.getKey(), e.getValue(), null) : null;
      if (owner != null) {
        throw Envelopes.conflict(conflictMessage(type, owner));
      }
    }
    List<PendingAssociation> associations = new ArrayList<>();
    for (Object a : body.getJsonArray("associations", new JsonArray())) {
      JsonObject assoc = (JsonObject) a;
      String toId = Batches.text(assoc.getJsonObject("to", new JsonObject()), "id");
      for (Object t : assoc.getJsonArray("types", new JsonArray())) {
        int typeId = ((JsonObject) t).getInteger("associationTypeId", 0);
        ObjectType toType = targetOf(type, typeId);
        CrmRecord to = toType == null ? null : x.portal.store(toType).get(toId);
        if (to == null) {
          throw Envelopes.validation("Invalid association to object " + toId + " with type " + typeId);
        }
        associations.add(new PendingAssociation(toType, to.id, typeId));
      }
    }
    CrmRecord rec = store.create(x.receivedAt);
    store.apply(rec, values, x.receivedAt, x.config.allowLifecycleBackward());
    for (PendingAssociation a : associations) {
      x.portal.associate(type, rec.id, a.toType(), a.toId(), a.typeId(), x.receivedAt);
    }
    return Reply.json(201, RecordJson.written(type, rec, values.keySet(), null, null));
  }

  private Reply patchOne(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    ObjectStore store = x.portal.store(type);
    String id = x.param("objectId");
    String idProperty = x.query("idProperty");
    if (idProperty != null && !"hs_object_id".equals(idProperty) && !store.isUniqueKey(idProperty)) {
      throw nonUnique(type, idProperty);
    }
    CrmRecord rec = store.findBy(idProperty, id);
    if (rec == null) {
      throw ObjectReads.objectNotFound(id);
    }
    List<PropertyError> errors = new ArrayList<>();
    Map<String, String> values = RecordValues.validate(store, x.body().getValue("properties"), errors);
    if (!errors.isEmpty()) {
      throw new ApiError(Reply.json(400, Envelopes.propertyValues(errors, x.portal.portalId)));
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      Long owner = store.isUniqueKey(e.getKey()) ? store.owner(e.getKey(), e.getValue(), rec) : null;
      if (owner != null) {
        throw Envelopes.conflict(conflictMessage(type, owner));
      }
    }
    store.apply(rec, values, x.receivedAt, x.config.allowLifecycleBackward());
    return Reply.json(200, RecordJson.written(type, rec, values.keySet(), null, null));
  }

  /** Upsert needs a unique idProperty (email allowed for contacts); update by idProperty must not use email. */
  private static void checkIdProperties(ObjectType type, ObjectStore store, List<Input> inputs, Mode mode) {
    for (Input in : inputs) {
      if (mode == Mode.UPSERT) {
        String p = in.idProperty == null ? "hs_object_id" : in.idProperty;
        if (!store.isUniqueKey(p)) {
          throw nonUnique(type, p);
        }
        in.idProperty = p;
      } else if (mode == Mode.UPDATE && in.idProperty != null && !"hs_object_id".equals(in.idProperty)
          && (!store.isUniqueKey(in.idProperty) || store.isEmail(in.idProperty))) {
        throw nonUnique(type, in.idProperty);
      }
    }
  }

  private static void checkDuplicates(ObjectStore store, List<Input> inputs, Mode mode) {
    Set<String> seen = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    for (Input in : inputs) {
      String prop;
      String value;
      if (mode == Mode.CREATE) {
        Object email = in.raw.getJsonObject("properties", new JsonObject()).getValue("email");
        if (store.type != ObjectType.CONTACTS || !(email instanceof String) || ((String) email).isEmpty()) {
          continue;
        }
        prop = "email";
        value = (String) email;
      } else {
        prop = in.idProperty == null ? "hs_object_id" : in.idProperty;
        value = in.id;
      }
      if (!seen.add(prop + '\u0000' + store.key(prop, value))) {
        duplicates.add(value);
      }
    }
    if (!duplicates.isEmpty()) {
      throw Envelopes.validation("Duplicate IDs found in batch input: " + duplicates);
    }
  }

  /** HubSpot isolates bad inputs only when every input has its own objectWriteTraceId. */
  private static boolean traced(List<Input> inputs) {
    Set<String> ids = new HashSet<>();
    for (Input in : inputs) {
      if (in.traceId == null || in.traceId.isEmpty() || !ids.add(in.traceId)) {
        return false;
      }
    }
    return !inputs.isEmpty();
  }

  /** Another record (or an earlier input of this batch) already holds one of the unique values written. */
  private static Long conflict(ObjectStore store, Input in, Map<String, Long> claims) {
    long self = in.target != null ? in.target.id : -(in.index + 1L);
    for (Map.Entry<String, String> e : in.values.entrySet()) {
      if (!store.isUniqueKey(e.getKey()) || e.getValue().isEmpty()) {
        continue;
      }
      Long owner = store.owner(e.getKey(), e.getValue(), in.target);
      if (owner != null) {
        return owner;
      }
      Long previous = claims.putIfAbsent(e.getKey() + '\u0000' + store.key(e.getKey(), e.getValue()), self);
      if (previous != null && previous != self) {
        return Math.max(previous, 0L);
      }
    }
    return null;
  }

  static ApiError nonUnique(ObjectType type, String property) {
    return Envelopes.validation("Unable to perform update/upsert by non-unique " + type.typeId + " property "
        + property + ". Please use a property with unique values.");
  }

  static String notFoundMessage(ObjectType type) {
    return "Could not get some " + type.upper + " objects, they may be deleted or not exist. Check that ids are valid.";
  }

  private static String conflictMessage(ObjectType type, long owner) {
    return type.noun() + " already exists. Existing ID: " + owner;
  }

  /** The object type an association type id from {@code from} points to (DOC-ASSOC table). */
  static ObjectType targetOf(ObjectType from, int typeId) {
    for (ObjectType to : ObjectType.values()) {
      if (AssociationStore.hubspotDefined(from, to).contains(typeId)) {
        return to;
      }
    }
    return null;
  }
}
