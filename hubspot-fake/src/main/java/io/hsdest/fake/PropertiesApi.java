package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Properties API v3 (hubspot-api.md section 7): list, read one, create (201; 409 if it exists; 400 for a bad
 * type/fieldType pair).
 */
final class PropertiesApi {
  void register(ApiRoutes r) {
    r.get("/crm/v3/properties/:objectType", ApiRoutes.SCHEMAS, this::list);
    r.get("/crm/v3/properties/:objectType/:propertyName", ApiRoutes.SCHEMAS, this::getOne);
    r.post("/crm/v3/properties/:objectType", ApiRoutes.SCHEMAS, this::create);
  }

  private Reply list(Exchange x) {
    ObjectStore store = x.portal.store(ObjectType.parse(x.param("objectType")));
    JsonArray results = new JsonArray();
    store.schema.values().forEach(d -> results.add(d.toJson()));
    return Reply.json(200, new JsonObject().put("results", results));
  }

  private Reply getOne(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    PropertyDefinition d = x.portal.store(type).property(x.param("propertyName"));
    if (d == null) {
      throw Envelopes.notFound("Unable to find property " + x.param("propertyName") + " for object type "
          + type.typeId);
    }
    return Reply.json(200, d.toJson());
  }

  private Reply create(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    ObjectStore store = x.portal.store(type);
    PropertyDefinition d = PropertyDefinition.fromCreateRequest(x.body(), Timestamps.iso(x.receivedAt));
    if (store.property(d.name) != null) {
      throw Envelopes.conflict("Property named '" + d.name + "' already exists.");
    }
    store.addProperty(d);
    return Reply.json(201, d.toJson());
  }
}
