package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

/**
 * The fake's own HTTP API under {@code /__fake}, for a benchmark or test in another process: configure, script,
 * add portals, inspect state, calls and counters, reset. No auth, no latency, no faults, not counted. Runs on the
 * event loop like the HubSpot routes.
 */
final class InspectionApi {
  static final String PREFIX = "/__fake";

  private final FakeState state;

  InspectionApi(FakeState state) {
    this.state = state;
  }

  void register(Router router) {
    router.get(PREFIX + "/config").handler(ctx -> ok(ctx, state.config.toJson()));
    router.post(PREFIX + "/config").handler(ctx -> guarded(ctx, c -> {
      state.configure(state.config.with(json(ctx)));
      return state.config.toJson();
    }));
    router.post(PREFIX + "/reset").handler(ctx -> {
      state.reset();
      ctx.response().setStatusCode(204).end();
    });
    router.get(PREFIX + "/stats").handler(ctx -> ok(ctx, state.log.stats().toJson()));
    router.get(PREFIX + "/calls").handler(ctx -> guarded(ctx, this::calls));
    router.get(PREFIX + "/state").handler(ctx -> guarded(ctx, this::stateOf));
    router.get(PREFIX + "/events").handler(ctx -> guarded(ctx, this::events));
    router.get(PREFIX + "/objects/:objectType/:id").handler(ctx -> guarded(ctx, this::object));
    router.post(PREFIX + "/portals").handler(ctx -> guarded(ctx, c -> {
      JsonObject b = json(ctx);
      state.addPortal(b.getString("token"), b.getLong("portalId"));
      return new JsonObject().put("token", "(set)").put("portalId", b.getLong("portalId"));
    }));
    router.post(PREFIX + "/tokens/revoke").handler(ctx -> guarded(ctx, c -> {
      state.revoke(json(ctx).getString("token"));
      return new JsonObject();
    }));
    router.post(PREFIX + "/scopes").handler(ctx -> guarded(ctx, c -> {
      JsonObject b = json(ctx);
      TokenGrant g = state.grant(b.getString("token"));
      EnumSet<ApiFamily> deny = EnumSet.noneOf(ApiFamily.class);
      b.getJsonArray("deny", new JsonArray()).forEach(f -> deny.add(ApiFamily.valueOf(String.valueOf(f))));
      g.denied.clear();
      g.denied.addAll(deny);
      return new JsonObject().put("denied", new JsonArray(List.copyOf(deny)));
    }));
    router.post(PREFIX + "/account").handler(ctx -> guarded(ctx, c -> {
      JsonObject b = json(ctx);
      long portalId = b.getLong("portalId", FakeState.DEFAULT_PORTAL_ID);
      new PortalView(state, portalId, Confinement.DIRECT).hostedIn(b.getString("dataHostingLocation"));
      return new JsonObject().put("portalId", portalId).put("dataHostingLocation", b.getString("dataHostingLocation"));
    }));
    router.get(PREFIX + "/script").handler(ctx -> ok(ctx, new JsonObject().put("scripts", state.scripts.toJson())));
    router.post(PREFIX + "/script").handler(ctx -> guarded(ctx, c -> {
      Object body = io.vertx.core.json.Json.decodeValue(ctx.body().asString());
      JsonArray items = body instanceof JsonArray ? (JsonArray) body : new JsonArray().add(body);
      items.forEach(i -> state.scripts.add(ScriptedResponse.fromJson((JsonObject) i)));
      return new JsonObject().put("scripts", state.scripts.toJson());
    }));
    router.delete(PREFIX + "/script").handler(ctx -> {
      state.scripts.clear();
      ctx.response().setStatusCode(204).end();
    });
    router.post(PREFIX + "/lists").handler(ctx -> guarded(ctx, c -> {
      JsonObject b = json(ctx);
      Portal p = state.portal(b.getLong("portalId", FakeState.DEFAULT_PORTAL_ID));
      ObjectType type = ObjectType.parseOrNull(b.getString("objectTypeId", "0-1"));
      if (type == null) {
        throw new IllegalArgumentException("unknown objectTypeId " + b.getString("objectTypeId"));
      }
      List<String> members = new java.util.ArrayList<>();
      b.getJsonArray("memberIds", new JsonArray()).forEach(m -> members.add(String.valueOf(m)));
      return PortalView.seedList(p, b.getString("name"), type.typeId, b.getString("processingType", "MANUAL"), members,
          System.currentTimeMillis()).toJson();
    }));
    router.delete(PREFIX + "/objects/:objectType/:id").handler(ctx -> guarded(ctx, c -> {
      Portal p = state.portal(longParam(ctx, "portalId", FakeState.DEFAULT_PORTAL_ID));
      ObjectType type = ObjectType.parseOrNull(ctx.pathParam("objectType"));
      CrmRecord r = type == null ? null : p.store(type).get(ctx.pathParam("id"));
      if (r == null) {
        throw new NotFound("no " + ctx.pathParam("objectType") + " " + ctx.pathParam("id"));
      }
      p.delete(type, r);
      return new JsonObject().put("deleted", r.idString());
    }));
    router.get(PREFIX + "/email-events").handler(ctx -> guarded(ctx, c -> {
      Portal p = state.portal(longParam(ctx, "portalId", FakeState.DEFAULT_PORTAL_ID));
      List<JsonObject> all = p.emailEvents.all();
      int limit = intParam(ctx, "limit", 1000);
      return new JsonObject().put("total", all.size())
          .put("events", new JsonArray(new java.util.ArrayList<Object>(all.subList(0, Math.min(limit, all.size())))));
    }));
    router.post(PREFIX + "/email-events").handler(ctx -> guarded(ctx, c -> addEmailEvents(json(ctx))));
    router.post(PREFIX + "/merge").handler(ctx -> guarded(ctx, c -> {
      JsonObject b = json(ctx);
      Portal p = state.portal(b.getLong("portalId", FakeState.DEFAULT_PORTAL_ID));
      ObjectType type = ObjectType.parse(b.getString("objectType", "contacts"));
      return PortalView.merge(p, type, b.getString("primaryId"), b.getString("mergedId"), System.currentTimeMillis())
          .toJson();
    }));
    router.post(PREFIX + "/seed").handler(ctx -> guarded(ctx, this::seed));
    router.post(PREFIX + "/properties").handler(ctx -> guarded(ctx, c -> {
      JsonObject b = json(ctx);
      Portal p = state.portal(b.getLong("portalId", FakeState.DEFAULT_PORTAL_ID));
      PropertyDefinition d = PropertyDefinition.builder(b.getString("name"), b.getString("type", "string"),
          b.getString("fieldType", "text")).label(b.getString("label", b.getString("name")))
          .unique(b.getBoolean("hasUniqueValue", false)).hubspotDefined(false).build();
      p.store(ObjectType.parse(b.getString("objectType", "contacts"))).addProperty(d);
      return d.toJson();
    }));
    router.post(PREFIX + "/archive").handler(ctx -> guarded(ctx, c -> {
      JsonObject b = json(ctx);
      new PortalView(state, b.getLong("portalId", FakeState.DEFAULT_PORTAL_ID), Confinement.DIRECT)
          .archive(b.getString("objectType", "contacts"), b.getString("id"));
      return new JsonObject();
    }));
    router.post(PREFIX + "/associations").handler(ctx -> guarded(ctx, c -> {
      JsonObject b = json(ctx);
      new PortalView(state, b.getLong("portalId", FakeState.DEFAULT_PORTAL_ID), Confinement.DIRECT)
          .associate(b.getString("fromType"), b.getString("fromId"), b.getString("toType"), b.getString("toId"));
      return new JsonObject();
    }));
    router.post(PREFIX + "/campaigns").handler(ctx -> guarded(ctx, c -> {
      JsonObject b = json(ctx);
      Portal p = state.portal(b.getLong("portalId", FakeState.DEFAULT_PORTAL_ID));
      JsonObject fields = b.copy();
      fields.remove("portalId");
      return PortalView.createCampaign(p, fields, System.currentTimeMillis()).toJson();
    }));
  }

  /**
   * {@code {"portalId"?, "visibleAt"?, "events":[...]}} stores these events; {@code {"generate":{"count","from","to",
   * "seed"?}}} stores {@link EmailTraffic} instead (both may be given). Answers how many were stored.
   */
  private JsonObject addEmailEvents(JsonObject b) {
    Portal p = state.portal(b.getLong("portalId", FakeState.DEFAULT_PORTAL_ID));
    long now = System.currentTimeMillis();
    long visibleAt = b.getLong("visibleAt", now);
    List<JsonObject> events = new java.util.ArrayList<>();
    b.getJsonArray("events", new JsonArray()).forEach(e -> events.add((JsonObject) e));
    JsonObject gen = b.getJsonObject("generate");
    if (gen != null) {
      events.addAll(new EmailTraffic(gen.getLong("seed", 1L)).events(gen.getInteger("count"),
          gen.getLong("from"), gen.getLong("to")));
    }
    for (JsonObject e : events) {
      p.emailEvents.put(e, p.portalId, now, visibleAt);
    }
    return new JsonObject().put("stored", events.size()).put("total", p.emailEvents.size());
  }

  private JsonObject calls(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", 100);
    String method = ctx.queryParams().get("method");
    String path = ctx.queryParams().get("path");
    String status = ctx.queryParams().get("status");
    List<CallRecord> all = state.log.recent();
    JsonArray out = new JsonArray();
    for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
      CallRecord r = all.get(i);
      if ((method == null || method.equalsIgnoreCase(r.method())) && (path == null || r.path().startsWith(path))
          && (status == null || status.equals(String.valueOf(r.status())))) {
        out.add(r.toJson());
      }
    }
    JsonArray chronological = new JsonArray();
    for (int i = out.size() - 1; i >= 0; i--) {
      chronological.add(out.getValue(i));
    }
    return new JsonObject().put("calls", chronological);
  }

  /**
   * {@code POST /__fake/seed} {@code {"objectType":"contacts","records":[{"email":"..."}, ...],"portalId"?,"at"?}}:
   * creates them all at once (validated like API writes; created and modified at {@code at}, epoch ms, default
   * now), answers {@code {"ids":[...]}}.
   */
  private JsonObject seed(RoutingContext ctx) {
    JsonObject b = json(ctx);
    Portal p = state.portal(b.getLong("portalId", FakeState.DEFAULT_PORTAL_ID));
    List<java.util.Map<String, String>> records = new java.util.ArrayList<>();
    for (Object o : b.getJsonArray("records", new JsonArray())) {
      java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
      ((JsonObject) o).forEach(e -> m.put(e.getKey(), String.valueOf(e.getValue())));
      records.add(m);
    }
    return new JsonObject().put("ids", new JsonArray(PortalView.seed(p, ObjectType.parse(b.getString("objectType",
        "contacts")), records, b.getLong("at", System.currentTimeMillis()))));
  }

  private JsonObject stateOf(RoutingContext ctx) {
    Portal p = state.portal(longParam(ctx, "portalId", FakeState.DEFAULT_PORTAL_ID));
    int limit = intParam(ctx, "limit", 1000);
    PortalView view = new PortalView(state, p.portalId, Confinement.DIRECT);
    JsonObject out = new JsonObject().put("portalId", p.portalId)
        .put("contactCount", p.contacts.size()).put("companyCount", p.companies.size())
        .put("dealCount", p.deals.size()).put("campaignCount", p.campaigns.size())
        .put("eventOccurrenceCount", p.events.occurrenceCount());
    out.put("contacts", records(p.contacts, limit));
    out.put("companies", records(p.companies, limit));
    out.put("deals", records(p.deals, limit));
    out.put("associations", first(view.associations(), limit, Association::toJson));
    out.put("lists", first(view.lists(), limit, CrmList::toJson));
    out.put("eventDefinitions", new JsonArray(view.eventDefinitionNames()));
    List<EventOccurrence> events = view.eventOccurrences();
    out.put("eventOccurrences", first(events.subList(Math.max(0, events.size() - limit), events.size()), limit,
        EventOccurrence::toJson));
    return out;
  }

  private JsonObject events(RoutingContext ctx) {
    Portal p = state.portal(longParam(ctx, "portalId", FakeState.DEFAULT_PORTAL_ID));
    String name = ctx.queryParams().get("eventName");
    int limit = intParam(ctx, "limit", 1000);
    PortalView view = new PortalView(state, p.portalId, Confinement.DIRECT);
    List<EventOccurrence> events = name == null ? view.eventOccurrences() : view.eventOccurrences(name);
    return new JsonObject().put("total", events.size())
        .put("results", first(events.subList(Math.max(0, events.size() - limit), events.size()), limit,
            EventOccurrence::toJson));
  }

  private JsonObject object(RoutingContext ctx) {
    Portal p = state.portal(longParam(ctx, "portalId", FakeState.DEFAULT_PORTAL_ID));
    ObjectType type = ObjectType.parseOrNull(ctx.pathParam("objectType"));
    if (type == null) {
      throw new IllegalArgumentException("unknown object type " + ctx.pathParam("objectType"));
    }
    CrmRecord r = p.store(type).findBy(ctx.queryParams().get("idProperty"), ctx.pathParam("id"));
    if (r == null) {
      throw new NotFound("no " + type.singular + " " + ctx.pathParam("id"));
    }
    return CrmObject.of(type, r).toJson();
  }

  /** The first {@code limit} records, without copying a store of a million contacts first. */
  private static JsonArray records(ObjectStore store, int limit) {
    JsonArray a = new JsonArray();
    for (CrmRecord r : store.all()) {
      if (a.size() >= limit) {
        break;
      }
      a.add(CrmObject.of(store.type, r).toJson());
    }
    return a;
  }

  private static <T> JsonArray first(List<T> items, int limit, Function<T, JsonObject> toJson) {
    JsonArray a = new JsonArray();
    for (int i = 0; i < Math.min(limit, items.size()); i++) {
      a.add(toJson.apply(items.get(i)));
    }
    return a;
  }

  private static final class NotFound extends RuntimeException {
    NotFound(String m) {
      super(m);
    }
  }

  private static void guarded(RoutingContext ctx, Function<RoutingContext, JsonObject> action) {
    try {
      ok(ctx, action.apply(ctx));
    } catch (NotFound e) {
      fail(ctx, 404, e.getMessage());
    } catch (RuntimeException e) {
      fail(ctx, 400, String.valueOf(e.getMessage()));
    }
  }

  private static JsonObject json(RoutingContext ctx) {
    JsonObject o = ctx.body().asJsonObject();
    if (o == null) {
      throw new IllegalArgumentException("expected a JSON object body");
    }
    return o;
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json;charset=utf-8").end(body.toBuffer());
  }

  private static void fail(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json;charset=utf-8")
        .end(new JsonObject().put("error", message).toBuffer());
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    String v = ctx.queryParams().get(name);
    return v == null ? fallback : Integer.parseInt(v);
  }

  private static long longParam(RoutingContext ctx, String name, long fallback) {
    String v = ctx.queryParams().get(name);
    return v == null ? fallback : Long.parseLong(v);
  }
}
