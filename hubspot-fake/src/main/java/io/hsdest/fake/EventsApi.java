package io.hsdest.fake;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Custom behavioral events (hubspot-api.md section 6): definitions (list, read, create, add property), sending
 * (single and batch of at most 500, 204; exempt from the 10-second and daily limits), and reading occurrences back.
 * A send is validated as a whole: one bad occurrence fails the batch with 400 naming its index. An occurrence whose
 * uuid was already stored for the same event is not stored again.
 */
final class EventsApi {
  static final int MAX_BATCH = 500;
  static final int MAX_PROPERTIES = 50;
  private static final Pattern DEFINITION_NAME = Pattern.compile("[a-z][a-z0-9_]{0,49}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final FakeState state;

  EventsApi(FakeState state) {
    this.state = state;
  }

  void register(ApiRoutes r) {
    var definitions = ApiRoutes.family(ApiFamily.EVENT_DEFINITIONS);
    r.get("/events/v3/event-definitions", definitions, this::listDefinitions);
    r.post("/events/v3/event-definitions", definitions, this::createDefinition);
    r.get("/events/v3/event-definitions/:eventName", definitions, this::getDefinition);
    r.post("/events/v3/event-definitions/:eventName/property", definitions, this::createProperty);
    r.add(HttpMethod.POST, "/events/v3/send", LimitClass.EVENT_SEND, ApiRoutes.family(ApiFamily.EVENTS_SEND),
        this::send);
    r.add(HttpMethod.POST, "/events/v3/send/batch", LimitClass.EVENT_SEND, ApiRoutes.family(ApiFamily.EVENTS_SEND),
        this::sendBatch);
    r.get("/events/v3/events", ApiRoutes.family(ApiFamily.EVENTS_SEND), this::occurrences);
  }

  private Reply listDefinitions(Exchange x) {
    boolean include = "true".equalsIgnoreCase(x.query("includeProperties"));
    String search = x.query("searchString");
    int limit = ObjectReads.clamp(ObjectReads.intQuery(x, "limit", 100), 1, 100);
    int after = ObjectReads.intQuery(x, "after", 0);
    List<EventDefinition> all = new ArrayList<>();
    for (EventDefinition d : x.portal.events.definitions.values()) {
      if (search == null || d.name.contains(search.toLowerCase()) || d.label.toLowerCase().contains(search.toLowerCase())) {
        all.add(d);
      }
    }
    JsonArray results = new JsonArray();
    for (int i = after; i < Math.min(all.size(), after + limit); i++) {
      results.add(all.get(i).toJson(include));
    }
    JsonObject body = new JsonObject().put("results", results);
    if (after + limit < all.size()) {
      body.put("paging", new JsonObject().put("next", new JsonObject().put("after", Integer.toString(after + limit))
          .put("link", "https://api.hubapi.com/events/v3/event-definitions?after=" + (after + limit))));
    }
    return Reply.json(200, body);
  }

  private Reply getDefinition(Exchange x) {
    EventDefinition d = x.portal.events.find(x.param("eventName"));
    if (d == null) {
      throw Envelopes.notFound("Event definition " + x.param("eventName") + " does not exist.");
    }
    return Reply.json(200, d.toJson(true));
  }

  private Reply createDefinition(Exchange x) {
    JsonObject body = x.body();
    String label = body.getString("label");
    String name = body.getString("name");
    if (label == null || label.isBlank()) {
      throw Envelopes.validation("Event definition is missing required field 'label'");
    }
    if (name == null) {
      name = label.toLowerCase().replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }
    if (!DEFINITION_NAME.matcher(name).matches()) {
      throw Envelopes.validation("Event definition name '" + name + "' is invalid: at most 50 lowercase letters, "
          + "digits and underscores, starting with a letter");
    }
    String primaryObject = body.getString("primaryObject", "CONTACT").toUpperCase();
    if (!"CONTACT".equals(primaryObject) && !"COMPANY".equals(primaryObject)) {
      throw Envelopes.validation("primaryObject " + primaryObject + " is not supported by the fake (CONTACT, COMPANY)");
    }
    EventDefinition d = new EventDefinition(x.portal.portalId, name, label, body.getString("description", ""),
        primaryObject, body.getBoolean("includeDefaultProperties", true), x.portal.events.nextDefinitionId());
    if (x.portal.events.definitions.containsKey(d.fullyQualifiedName())) {
      throw Envelopes.conflict("An event definition with name " + name + " already exists.");
    }
    JsonArray props = body.getJsonArray("propertyDefinitions", new JsonArray());
    if (props.size() > MAX_PROPERTIES) {
      throw Envelopes.validation("An event definition can have at most " + MAX_PROPERTIES + " properties");
    }
    for (Object p : props) {
      d.addProperty(EventProperty.fromJson((JsonObject) p));
    }
    x.portal.events.define(d);
    return Reply.json(201, d.toJson(true));
  }

  private Reply createProperty(Exchange x) {
    EventDefinition d = x.portal.events.find(x.param("eventName"));
    if (d == null) {
      throw Envelopes.notFound("Event definition " + x.param("eventName") + " does not exist.");
    }
    EventProperty p = EventProperty.fromJson(x.body());
    if (d.hasOwnProperty(p.name)) {
      throw Envelopes.conflict("Property " + p.name + " already exists on event " + d.fullyQualifiedName() + ".");
    }
    d.addProperty(p);
    return Reply.json(201, p.toJson());
  }

  private Reply send(Exchange x) {
    List<EventOccurrence> ok = new ArrayList<>();
    Set<String> batchUuids = new HashSet<>();
    EventOccurrence o = check(x, x.body(), "", batchUuids);
    if (o != null) {
      ok.add(o);
    }
    store(x, ok);
    return Reply.noContent();
  }

  private Reply sendBatch(Exchange x) {
    JsonArray inputs = Batches.inputs(x.body(), MAX_BATCH);
    List<EventOccurrence> ok = new ArrayList<>();
    Set<String> batchUuids = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      EventOccurrence o = check(x, Batches.input(inputs, i), "inputs[" + i + "]: ", batchUuids);
      if (o != null) {
        ok.add(o);
      }
    }
    store(x, ok);
    return Reply.noContent();
  }

  private void store(Exchange x, List<EventOccurrence> occurrences) {
    for (EventOccurrence o : occurrences) {
      x.portal.events.store(o, x.config.maxStoredEventOccurrences());
      state.log.eventOccurrencesStored++;
    }
  }

  /** The occurrence to store, null for a duplicate uuid that is silently accepted; throws 400 when invalid. */
  private EventOccurrence check(Exchange x, JsonObject in, String where, Set<String> batchUuids) {
    Portal p = x.portal;
    String eventName = Batches.text(in, "eventName");
    if (eventName == null || eventName.isEmpty()) {
      throw Envelopes.validation(where + "eventName is required");
    }
    EventDefinition d = p.events.definitions.get(eventName);
    if (d == null) {
      throw Envelopes.validation(where + "Event definition with name " + eventName + " does not exist in portal "
          + p.portalId + ".");
    }
    String email = Batches.text(in, "email");
    String utk = Batches.text(in, "utk");
    String objectId = Batches.text(in, "objectId");
    if (isBlank(email) && isBlank(utk) && isBlank(objectId)) {
      throw Envelopes.validation(where + "At least one of email, utk or objectId is required to identify the record "
          + "for event " + eventName + ".");
    }
    ObjectStore target = p.store("COMPANY".equals(d.primaryObject) ? ObjectType.COMPANIES : ObjectType.CONTACTS);
    CrmRecord record = null;
    if (!isBlank(objectId)) {
      record = target.resolve(objectId);
      if (record == null) {
        throw Envelopes.validation(where + "No " + target.type.singular + " with objectId " + objectId + " exists.");
      }
    }
    if (!isBlank(email)) {
      email = email.trim().toLowerCase();
      if (!EMAIL.matcher(email).matches()) {
        throw Envelopes.validation(where + "Email address " + email + " is invalid.");
      }
      if (record == null && target.type == ObjectType.CONTACTS) {
        record = target.findBy("email", email);
      }
    }
    Map<String, String> properties = properties(d, in.getValue("properties"), where);
    String occurredAt = occurredAt(in.getValue("occurredAt"), x.receivedAt, where);
    String uuid = Batches.text(in, "uuid");
    if (uuid == null || uuid.isEmpty()) {
      uuid = UUID.randomUUID().toString();
    } else if (p.events.seen(eventName, uuid) || !batchUuids.add(eventName + '\u0000' + uuid)) {
      if (x.config.rejectDuplicateEventUuid()) {
        throw Envelopes.validation(where + "An occurrence of " + eventName + " with uuid " + uuid
            + " was already sent.");
      }
      return null;
    }
    return new EventOccurrence(eventName, d.primaryObject, record == null ? null : record.idString(),
        isBlank(email) ? null : email, isBlank(utk) ? null : utk, occurredAt, uuid, properties, x.receivedAt);
  }

  private static Map<String, String> properties(EventDefinition d, Object raw, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof JsonObject)) {
      throw Envelopes.validation(where + "properties must be an object");
    }
    JsonObject props = (JsonObject) raw;
    if (props.size() > MAX_PROPERTIES) {
      throw Envelopes.validation(where + "An event occurrence can have at most " + MAX_PROPERTIES
          + " properties, got " + props.size() + ".");
    }
    for (Map.Entry<String, Object> e : props) {
      EventProperty prop = d.property(e.getKey());
      if (prop == null) {
        throw Envelopes.validation(where + "Property " + e.getKey() + " does not exist on event definition "
            + d.fullyQualifiedName() + ".");
      }
      List<PropertyError> errors = new ArrayList<>();
      String v = PropertyValues.normalize(prop.asCrmProperty, PropertyValues.asString(e.getKey(), e.getValue()),
          false, errors);
      if (v == null) {
        throw Envelopes.validation(where + "Property " + e.getKey() + " of type " + prop.type + " is invalid: "
            + errors.get(0).message());
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  private static String occurredAt(Object raw, long now, String where) {
    if (raw == null) {
      return Timestamps.iso(now);
    }
    Long ms = raw instanceof Number ? Long.valueOf(((Number) raw).longValue())
        : Timestamps.parseInstant(String.valueOf(raw));
    if (ms == null) {
      throw Envelopes.validation(where + "occurredAt " + raw + " is not an ISO-8601 date-time or epoch milliseconds.");
    }
    return Timestamps.iso(ms);
  }

  private Reply occurrences(Exchange x) {
    String eventType = x.query("eventType");
    String objectType = x.query("objectType");
    String objectId = x.query("objectId");
    String email = x.query("objectProperty.email");
    int limit = ObjectReads.clamp(ObjectReads.intQuery(x, "limit", 100), 1, 1000);
    int after = ObjectReads.intQuery(x, "after", 0);
    ObjectType type = objectType == null ? null : ObjectType.parse(objectType);
    List<EventOccurrence> matches = new ArrayList<>();
    for (EventOccurrence o : x.portal.events.occurrences()) {
      if ((eventType == null || eventType.equals(o.eventName()))
          && (type == null || type.upper.equals(o.objectType()))
          && (objectId == null || objectId.equals(o.objectId()))
          && (email == null || email.equalsIgnoreCase(o.email()))) {
        matches.add(o);
      }
    }
    JsonArray results = new JsonArray();
    for (int i = after; i < Math.min(matches.size(), after + limit); i++) {
      EventOccurrence o = matches.get(i);
      results.add(new JsonObject().put("objectType", o.objectType()).put("objectId", o.objectId())
          .put("eventType", o.eventName()).put("occurredAt", o.occurredAt()).put("id", o.uuid())
          .put("properties", new JsonObject(new LinkedHashMap<>(o.properties()))));
    }
    JsonObject body = new JsonObject().put("results", results);
    if (after + limit < matches.size()) {
      body.put("paging", new JsonObject().put("next", new JsonObject().put("after", Integer.toString(after + limit))));
    }
    return Reply.json(200, body);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
