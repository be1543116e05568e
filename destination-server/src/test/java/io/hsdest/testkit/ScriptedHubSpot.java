package io.hsdest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.hubspot.HubSpotTransportException;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process HubSpot for mapping and delivery tests: answers schema reads with the spec's
 * fixtures (P0, C0, E0), writes with HubSpot-shaped successes (stable ids per record), and lets a
 * test script the next answers to a path. Records every call it receives.
 */
public class ScriptedHubSpot implements HubSpotApi {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** A scripted answer; status -1 means "no answer" (a transport failure). */
  public record Answer(int status, Map<String, String> headers, String body) {
    public static Answer of(int status, String body) {
      return new Answer(status, Map.of(), body);
    }

    public static Answer withHeaders(int status, Map<String, String> headers, String body) {
      return new Answer(status, headers, body);
    }

    public static Answer noAnswer() {
      return new Answer(-1, Map.of(), "");
    }
  }

  private final List<HubSpotCall> calls = new ArrayList<>();
  private final List<Map.Entry<java.util.function.Predicate<HubSpotCall>, Answer>> rules = new ArrayList<>();
  private final Map<String, Deque<Answer>> scripts = new HashMap<>();
  private final Map<String, String> ids = new HashMap<>();
  private final AtomicLong nextId = new AtomicLong(600);
  private final Map<String, String> kept = new HashMap<>();
  private JsonNode contacts = fixture("contact-properties-P0.json");
  private JsonNode companies = fixture("company-properties-C0.json");
  private JsonNode events = fixture("event-definitions-E0.json");

  public static JsonNode fixture(String name) {
    try (InputStream in = ScriptedHubSpot.class.getClassLoader().getResourceAsStream("fixtures/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record with this key ({@code email=jane@x.com}, {@code segment_group_id=g-42}) gets this id. */
  public ScriptedHubSpot id(String key, String id) {
    ids.put(key, id);
    return this;
  }

  /** HubSpot keeps this property value whatever is sent (a lifecycle stage it refuses to move back). */
  public ScriptedHubSpot keeps(String property, String value) {
    kept.put(property, value);
    return this;
  }

  public ScriptedHubSpot contactSchema(JsonNode schema) {
    contacts = schema;
    return this;
  }

  public ScriptedHubSpot eventDefinitions(JsonNode defs) {
    events = defs;
    return this;
  }

  /** The next calls whose "METHOD path" starts with {@code prefix} get these answers, in order. */
  public synchronized ScriptedHubSpot script(String prefix, Answer... answers) {
    Deque<Answer> q = scripts.computeIfAbsent(prefix, k -> new ArrayDeque<>());
    for (Answer a : answers) q.add(a);
    return this;
  }

  /** Every call that matches answers this way (after scripted answers run out). */
  public synchronized ScriptedHubSpot when(java.util.function.Predicate<HubSpotCall> matches, Answer answer) {
    rules.add(Map.entry(matches, answer));
    return this;
  }

  /** Whether the call's JSON body mentions the text. */
  public static java.util.function.Predicate<HubSpotCall> bodyContains(String text) {
    return c -> c.body() != null && JSON.valueToTree(c.body()).toString().contains(text);
  }

  public synchronized List<HubSpotCall> calls() {
    return List.copyOf(calls);
  }

  /** Calls other than schema reads. */
  public synchronized List<HubSpotCall> writes() {
    return calls.stream().filter(c -> !c.method().equals("GET")).toList();
  }

  public synchronized void clear() {
    calls.clear();
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public synchronized Future<HubSpotResponse> call(HubSpotCall call) {
    calls.add(call);
    String key = call.method() + " " + call.path();
    for (Map.Entry<String, Deque<Answer>> e : scripts.entrySet()) {
      if (key.startsWith(e.getKey()) && !e.getValue().isEmpty()) {
        Answer a = e.getValue().poll();
        if (a.status() < 0) return Future.failedFuture(new HubSpotTransportException("no answer (scripted)", null));
        return Future.succeededFuture(new HubSpotResponse(a.status(), lower(a.headers()), a.body().getBytes()));
      }
    }
    for (Map.Entry<java.util.function.Predicate<HubSpotCall>, Answer> rule : rules) {
      if (rule.getKey().test(call)) {
        Answer a = rule.getValue();
        return Future.succeededFuture(new HubSpotResponse(a.status(), lower(a.headers()), a.body().getBytes()));
      }
    }
    return Future.succeededFuture(answer(call));
  }

  private static Map<String, String> lower(Map<String, String> headers) {
    Map<String, String> out = new HashMap<>();
    headers.forEach((k, v) -> out.put(k.toLowerCase(), v));
    return out;
  }

  private HubSpotResponse answer(HubSpotCall call) {
    String p = call.path();
    if (p.startsWith("/crm/v3/properties/contacts")) return ok(contacts);
    if (p.startsWith("/crm/v3/properties/companies")) return ok(companies);
    if (p.startsWith("/events/v3/event-definitions") && call.method().equals("GET")) return ok(events);
    if (p.startsWith("/events/v3/send")) return new HubSpotResponse(204, Map.of(), new byte[0]);
    JsonNode body = JSON.valueToTree(call.body());
    if (p.endsWith("/batch/upsert") || p.endsWith("/batch/update")) return ok(records(body));
    if (p.contains("/associations/")) {
      ObjectNode out = JSON.createObjectNode().put("status", "COMPLETE");
      ArrayNode results = out.putArray("results");
      for (JsonNode in : body.path("inputs")) results.addObject().setAll((ObjectNode) in.deepCopy());
      return ok(out);
    }
    if (p.endsWith("/batch/read")) return ok(JSON.createObjectNode().put("status", "COMPLETE").set("results", JSON.createArrayNode()));
    if (p.endsWith("/search")) return ok(JSON.createObjectNode().put("total", 0).set("results", JSON.createArrayNode()));
    if (call.method().equals("POST")) return new HubSpotResponse(201, Map.of(), "{}".getBytes());
    return ok(JSON.createObjectNode());
  }

  private ObjectNode records(JsonNode body) {
    ObjectNode out = JSON.createObjectNode().put("status", "COMPLETE");
    ArrayNode results = out.putArray("results");
    for (JsonNode in : body.path("inputs")) {
      String key = in.has("idProperty") ? in.path("idProperty").asText() + "=" + in.path("id").asText() : "#" + in.path("id").asText();
      boolean created = !ids.containsKey(key) && in.has("idProperty");
      String id = in.has("idProperty") ? ids.computeIfAbsent(key, k -> Long.toString(nextId.getAndIncrement())) : in.path("id").asText();
      ObjectNode r = results.addObject();
      r.put("id", id);
      ObjectNode props = ((ObjectNode) in.path("properties")).deepCopy();
      kept.forEach((k, v) -> {
        if (props.has(k)) props.put(k, v);
      });
      r.set("properties", props);
      r.put("createdAt", "2024-05-01T00:00:00.000Z").put("updatedAt", "2024-05-01T00:00:00.000Z").put("archived", false);
      r.put("new", created);
    }
    return out;
  }

  private static HubSpotResponse ok(JsonNode body) {
    try {
      return new HubSpotResponse(200, Map.of("x-hubspot-correlation-id", "c-test"), JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
