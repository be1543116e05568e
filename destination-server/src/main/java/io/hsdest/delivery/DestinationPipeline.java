package io.hsdest.delivery;

import io.hsdest.clock.Scheduler;
import io.hsdest.config.DestinationSettings;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.hubspot.PortalSchemas.Part;
import io.hsdest.hubspot.schema.EventDefinitions;
import io.hsdest.hubspot.schema.ObjectSchema;
import io.hsdest.ingest.message.Message;
import io.hsdest.mapping.EventDefinitionToCreate;
import io.hsdest.mapping.Mapper;
import io.hsdest.mapping.Mapper.SchemaPart;
import io.hsdest.mapping.Plan;
import io.hsdest.mapping.Premapped;
import io.hsdest.mapping.PropertyToCreate;
import io.hsdest.mapping.SchemaSnapshot;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's way from messages to results: read the schema parts the messages need (from
 * the cache), map every message, re-read a part once when a name was missing from it, create what
 * the create policies allow, then hand the plans to the delivery engine. {@link #validate} does
 * the same against a throw-away engine whose HubSpot is the dry-run sink: nothing is written.
 */
public final class DestinationPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(DestinationPipeline.class);
  private static final Set<Reason> SCHEMA_MISSES = Set.of(
      Reason.PROPERTY_UNKNOWN, Reason.AUDIENCE_PROPERTY_MISSING, Reason.EVENT_PROPERTY_UNKNOWN, Reason.EVENT_DEFINITION_NOT_FOUND);

  private final String destinationId;
  private final DestinationSettings settings;
  private final PortalSchemas schemas;
  private final DeliveryEngine engine;
  private final Supplier<DeliveryEngine> validationEngine;
  private final HubSpotApi api;
  private final io.hsdest.hubspot.Calls calls;
  private final SchemaCreator creator;
  private final Scheduler scheduler;

  /**
   * @param api the token's paced HubSpot (schema reads, creations and the access check spend the same budget as delivery)
   * @param scheduler the time planning deadlines are kept in
   */
  public DestinationPipeline(String destinationId, DestinationSettings settings, PortalSchemas schemas, DeliveryEngine engine,
      Supplier<DeliveryEngine> validationEngine, HubSpotApi api, io.hsdest.hubspot.Calls calls, Scheduler scheduler) {
    this.destinationId = destinationId;
    this.settings = settings;
    this.schemas = schemas;
    this.engine = engine;
    this.validationEngine = validationEngine;
    this.api = api;
    this.calls = calls;
    this.scheduler = scheduler;
    this.creator = new SchemaCreator(destinationId, api, calls);
  }

  public DestinationSettings settings() {
    return settings;
  }

  public DeliveryEngine engine() {
    return engine;
  }

  /**
   * Checks the token and each feature's read endpoint right after start-up (and fills the schema
   * caches), so a refused token or a missing scope is reported before any traffic, not by the
   * first customer message. Never blocks start-up; the result is logged and kept for /status.
   */
  public Future<Map<String, String>> checkAccess() {
    if (!api.live()) return Future.succeededFuture(Map.of());
    Map<String, String> result = new ConcurrentHashMap<>();
    Future<?> token = api.call(calls.probe()).map(r -> {
      result.put("token", r.isSuccess() ? "ok" : HubSpotError.of(r).describe());
      return null;
    }).recover(e -> {
      result.put("token", e.getMessage());
      return Future.succeededFuture();
    });
    Future<?> contacts = check(schemas.contacts(), "contact properties", result);
    Future<?> companies = check(schemas.companies(), "company properties", result);
    Future<?> events = check(schemas.events(), "custom event definitions", result);
    return Future.join(token, contacts, companies, events).transform(ignored -> {
      List<String> problems = new ArrayList<>();
      result.forEach((k, v) -> {
        if (!v.equals("ok")) problems.add(k + ": " + v);
      });
      if (problems.isEmpty()) {
        LOG.info("destination {}: HubSpot accepts the token; contacts, companies and custom events are readable", destinationId);
      } else {
        LOG.warn("destination {}: HubSpot access check found problems (messages that need these are held until fixed): {}",
            destinationId, String.join("; ", problems));
      }
      lastAccessCheck = Map.copyOf(result);
      return Future.succeededFuture(lastAccessCheck);
    });
  }

  private volatile Map<String, String> lastAccessCheck = Map.of();

  /** The result of the last access check, for /status. */
  public Map<String, String> accessCheck() {
    return lastAccessCheck;
  }

  private static Future<?> check(Future<?> read, String what, Map<String, String> result) {
    return read.map(v -> {
      result.put(what, "ok");
      return null;
    }).recover(e -> {
      result.put(what, e instanceof PortalSchemas.SchemaUnavailable su ? su.error.describe() : String.valueOf(e.getMessage()));
      return Future.succeededFuture();
    });
  }

  /** Delivers the messages; the future holds one result per message, in order. */
  public Future<List<MessageResult>> deliver(List<Message> messages, long timeoutMs) {
    return deliver(messages, null, timeoutMs, Arrival.NONE);
  }

  /**
   * Delivers messages some of which were mapped ahead ({@code premapped}, null entries for the others, or null):
   * their plans are taken where the schema is still the one they were mapped against. A client's request that
   * was in intake as {@code arrival} (or {@link Arrival#NONE}) stops holding batches once its plans are taken.
   */
  public Future<List<MessageResult>> deliver(List<Message> messages, List<Premapped> premapped, long timeoutMs, Arrival arrival) {
    long deadline = scheduler.now() + timeoutMs;
    return planned(messages, premapped, true, timeoutMs).compose(planned -> {
      long left = Math.max(1, deadline - scheduler.now());
      return engine.deliver(planned.plans, left, arrival).map(results -> merge(planned, results));
    });
  }

  /** What delivering would send, with every warning; nothing is written to HubSpot. */
  public Future<List<MessageResult>> validate(List<Message> messages, long timeoutMs) {
    return planned(messages, null, false, timeoutMs).compose(planned -> validationEngine.get().deliver(planned.plans, timeoutMs)
        .map(results -> merge(planned, results)));
  }

  /**
   * Planning within the request's time: reading a schema from a HubSpot that hangs must not keep
   * the client waiting past its own timeout. Late, every message is answered not final.
   */
  private Future<Planned> planned(List<Message> messages, List<Premapped> premapped, boolean mayCreate, long timeoutMs) {
    return within(plan(messages, premapped, mayCreate), Math.max(1, timeoutMs - timeoutMs / 10))
        .recover(e -> {
          LOG.warn("destination {}: preparing a request took too long ({}); answered not final", destinationId, e.getMessage());
          MessageResult[] early = new MessageResult[messages.size()];
          for (int i = 0; i < early.length; i++) {
            Message m = messages.get(i);
            early[i] = new MessageResult(m.messageId(), m.type(), null, null, null, List.of(), List.of(),
                new Pending(Pending.Kind.UNAVAILABLE, 5_000, "HubSpot did not answer the schema read in time"));
          }
          return Future.succeededFuture(new Planned(List.of(), early, messages.size()));
        });
  }

  /** The future, or a failure once {@code ms} have passed without it (in the scheduler's time). */
  private <T> Future<T> within(Future<T> f, long ms) {
    if (f.isComplete()) return f;
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    long timer = scheduler.schedule(ms, () -> p.tryFail(new java.util.concurrent.TimeoutException("no answer within " + ms + " ms")));
    f.onComplete(ar -> {
      scheduler.cancel(timer);
      if (ar.succeeded()) p.tryComplete(ar.result());
      else p.tryFail(ar.cause());
    });
    return p.future();
  }

  /** Plans for the messages that could be mapped; the others already have a (not final) result. */
  private record Planned(List<Plan> plans, MessageResult[] early, int size) {}

  private Future<Planned> plan(List<Message> messages, List<Premapped> premapped, boolean mayCreate) {
    Set<SchemaPart> needed = EnumSet.noneOf(SchemaPart.class);
    for (Message m : messages) needed.addAll(Mapper.needs(m, settings));
    return snapshot(needed).compose(snap -> {
      List<Plan> plans = mapAll(messages, snap.snapshot, premapped);
      Set<Part> missed = missedParts(plans);
      Future<SchemaSnapshot> next = missed.isEmpty() ? Future.succeededFuture(snap.snapshot)
          : refreshAll(missed).compose(refreshed -> refreshed ? snapshot(needed).map(s -> s.snapshot) : Future.succeededFuture(snap.snapshot));
      return next.compose(s2 -> {
        List<Plan> again = s2 == snap.snapshot ? plans : mapAll(messages, s2, null);
        return creations(again, s2, messages, needed, mayCreate);
      }).map(finalPlans -> split(messages, finalPlans, snap.unavailable, needed));
    });
  }

  /** The schema snapshot, and the parts that could not be read (their messages are not final). */
  private record Snap(SchemaSnapshot snapshot, Map<SchemaPart, HubSpotError> unavailable) {}

  private Future<Snap> snapshot(Set<SchemaPart> needed) {
    Map<SchemaPart, HubSpotError> unavailable = new ConcurrentHashMap<>();
    Future<ObjectSchema> contacts = needed.contains(SchemaPart.CONTACTS) ? recover(schemas.contacts(), SchemaPart.CONTACTS, unavailable, ObjectSchema.UNKNOWN)
        : Future.succeededFuture(ObjectSchema.UNKNOWN);
    Future<ObjectSchema> companies = needed.contains(SchemaPart.COMPANIES) ? recover(schemas.companies(), SchemaPart.COMPANIES, unavailable, ObjectSchema.UNKNOWN)
        : Future.succeededFuture(ObjectSchema.UNKNOWN);
    Future<EventDefinitions> events = needed.contains(SchemaPart.EVENTS) ? recover(schemas.events(), SchemaPart.EVENTS, unavailable, EventDefinitions.UNKNOWN)
        : Future.succeededFuture(EventDefinitions.UNKNOWN);
    return Future.all(contacts, companies, events).map(cf -> new Snap(
        new SchemaSnapshot(contacts.result(), companies.result(), events.result(), false), unavailable));
  }

  private <T> Future<T> recover(Future<T> f, SchemaPart part, Map<SchemaPart, HubSpotError> unavailable, T fallback) {
    return f.recover(e -> {
      HubSpotError error = e instanceof PortalSchemas.SchemaUnavailable su ? su.error : null;
      unavailable.put(part, error != null ? error : HubSpotError.of(new io.hsdest.hubspot.HubSpotResponse(503, Map.of(), new byte[0])));
      LOG.warn("destination {}: could not read the {} schema from HubSpot: {}", destinationId, part.name().toLowerCase(),
          error != null ? error.describe() : e.getMessage());
      return Future.succeededFuture(fallback);
    });
  }

  private List<Plan> mapAll(List<Message> messages, SchemaSnapshot snapshot, List<Premapped> premapped) {
    List<Plan> plans = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      Premapped ahead = premapped == null ? null : premapped.get(i);
      plans.add(ahead != null && ahead.holdsFor(settings, snapshot, Mapper.needs(m, settings)) ? ahead.plan()
          : Mapper.map(m, settings, snapshot));
    }
    return plans;
  }

  /**
   * What mapping this message would read now, without waiting: the parts it needs as cached (a part not cached is
   * unknown), the others unknown, as {@link #plan} builds them. Durable intake maps against it, ahead of delivery.
   */
  public SchemaSnapshot cachedFor(Message m) {
    Set<SchemaPart> needs = Mapper.needs(m, settings);
    Object contacts = needs.contains(SchemaPart.CONTACTS) ? schemas.cachedNow(Part.CONTACTS) : null;
    Object companies = needs.contains(SchemaPart.COMPANIES) ? schemas.cachedNow(Part.COMPANIES) : null;
    Object events = needs.contains(SchemaPart.EVENTS) ? schemas.cachedNow(Part.EVENTS) : null;
    return new SchemaSnapshot(contacts instanceof ObjectSchema c ? c : ObjectSchema.UNKNOWN,
        companies instanceof ObjectSchema c ? c : ObjectSchema.UNKNOWN, events instanceof EventDefinitions e ? e : EventDefinitions.UNKNOWN,
        false);
  }

  private static Set<Part> missedParts(List<Plan> plans) {
    Set<Part> parts = EnumSet.noneOf(Part.class);
    for (Plan p : plans) {
      boolean event = p.message() instanceof io.hsdest.ingest.message.Track || p.message() instanceof io.hsdest.ingest.message.Page
          || p.message() instanceof io.hsdest.ingest.message.Screen;
      List<Reason> codes = new ArrayList<>();
      for (Warning w : p.warnings()) codes.add(w.reason());
      if (p.terminal() != null) codes.add(p.terminal().reason());
      for (Reason code : codes) {
        if (!SCHEMA_MISSES.contains(code)) continue;
        if (code.name().startsWith("EVENT")) parts.add(Part.EVENTS);
        else if (p.message() instanceof io.hsdest.ingest.message.Group) parts.add(Part.COMPANIES);
        else parts.add(Part.CONTACTS);
        if (event && code == Reason.PROPERTY_UNKNOWN) parts.add(Part.CONTACTS);
      }
    }
    return parts;
  }

  private Future<Boolean> refreshAll(Set<Part> parts) {
    List<Future<Boolean>> fs = new ArrayList<>();
    for (Part p : parts) fs.add(schemas.refresh(p).recover(e -> Future.succeededFuture(false)));
    return Future.all(fs).map(cf -> fs.stream().anyMatch(f -> Boolean.TRUE.equals(f.result())));
  }

  /** Creates what the plans ask for (once per name), then maps those messages again. */
  private Future<List<Plan>> creations(List<Plan> plans, SchemaSnapshot snapshot, List<Message> messages,
      Set<SchemaPart> needed, boolean mayCreate) {
    Map<String, PropertyToCreate> properties = new LinkedHashMap<>();
    Map<String, EventDefinitionToCreate> events = new LinkedHashMap<>();
    for (Plan p : plans) {
      for (PropertyToCreate c : p.propertiesToCreate()) properties.putIfAbsent(c.objectType() + "/" + c.name(), c);
      for (EventDefinitionToCreate e : p.eventsToCreate()) events.putIfAbsent(e.fullyQualifiedName(), e);
    }
    if (properties.isEmpty() && events.isEmpty()) return Future.succeededFuture(plans);
    if (!mayCreate || !api.live()) {
      List<Plan> out = new ArrayList<>(plans.size());
      for (Plan p : plans) {
        if (!p.needsCreation()) {
          out.add(p);
          continue;
        }
        Plan q = Mapper.map(p.message(), settings, snapshot.afterCreations());
        List<Warning> w = new ArrayList<>(q.warnings());
        for (PropertyToCreate c : p.propertiesToCreate()) {
          w.add(Warning.of(Reason.PROPERTY_WOULD_BE_CREATED, c.name(), "delivering would create the " + c.objectType()
              + " property " + c.name() + " (" + c.type() + "/" + c.fieldType() + ")"));
        }
        for (EventDefinitionToCreate e : p.eventsToCreate()) {
          w.add(Warning.of(Reason.EVENT_DEFINITION_WOULD_BE_CREATED, null, "delivering would create the custom event "
              + e.fullyQualifiedName() + " with properties " + e.properties().stream().map(PropertyToCreate::name).toList()));
        }
        out.add(new Plan(q.message(), q.steps(), w, q.terminal(), List.of(), List.of()));
      }
      return Future.succeededFuture(out);
    }
    List<Future<Void>> work = new ArrayList<>();
    for (PropertyToCreate c : properties.values()) work.add(creator.property(c));
    for (EventDefinitionToCreate e : events.values()) work.add(creator.eventDefinition(e));
    return Future.join(work).transform(ignored -> {
      if (!properties.isEmpty()) {
        schemas.invalidate(Part.CONTACTS);
        schemas.invalidate(Part.COMPANIES);
      }
      if (!events.isEmpty() || properties.values().stream().anyMatch(c -> !c.objectType().equals("contacts")
          && !c.objectType().equals("companies"))) {
        schemas.invalidate(Part.EVENTS);
      }
      return snapshot(needed).map(s -> {
        List<Plan> out = new ArrayList<>(plans.size());
        for (Plan p : plans) out.add(p.needsCreation() ? Mapper.map(p.message(), settings, s.snapshot.afterCreations()) : p);
        return out;
      });
    });
  }

  /** Messages whose schema part could not be read are not final; the rest go to the engine. */
  private Planned split(List<Message> messages, List<Plan> plans, Map<SchemaPart, HubSpotError> unavailable, Set<SchemaPart> needed) {
    MessageResult[] early = new MessageResult[messages.size()];
    List<Plan> toDeliver = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      HubSpotError blocking = null;
      for (SchemaPart part : Mapper.needs(m, settings)) if (unavailable.containsKey(part)) blocking = unavailable.get(part);
      if (blocking != null) {
        Pending.Kind kind = blocking.kind() == HubSpotError.Kind.RATE_LIMITED ? Pending.Kind.RATE_LIMITED : Pending.Kind.UNAVAILABLE;
        long after = blocking.retryAfterMs() > 0 ? blocking.retryAfterMs() : 5_000;
        early[i] = new MessageResult(m.messageId(), m.type(), null, null, null, List.of(), List.of(),
            new Pending(kind, after, "HubSpot's schema could not be read: " + blocking.describe()));
      } else {
        toDeliver.add(plans.get(i));
      }
    }
    return new Planned(toDeliver, early, messages.size());
  }

  private static List<MessageResult> merge(Planned planned, List<MessageResult> delivered) {
    List<MessageResult> out = new ArrayList<>(planned.size);
    int next = 0;
    for (int i = 0; i < planned.size; i++) out.add(planned.early[i] != null ? planned.early[i] : delivered.get(next++));
    return out;
  }
}
