package io.hsdest.emailevents;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A collector that records every request, in one sink format: the Segment HTTP API ({@code POST /v1/batch}, Basic
 * auth with the write key, 32 KB per event, 500 KB per request) or Amplitude's HTTP V2 API ({@code POST /2/httpapi},
 * {@code api_key} in the body, about 1 MB and 2,000 events per request). It checks what the real ones check and
 * answers as they do (a wrong key: Segment 401, Amplitude 400 "Invalid API key: ..." quoting the key, as a careless
 * collector might), and can be told to answer 503/429 for a while or to take a request and never answer it.
 */
final class SinkCapture implements AutoCloseable {
  enum Kind { SEGMENT, AMPLITUDE }

  /** One request: what came, and what the capture did (status 0: taken, never answered). */
  record Request(String path, Map<String, String> headers, String body, int status, long at) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  final Kind kind;
  final String key;
  private final Vertx vertx;
  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private int failNext;
  private int failStatus;
  private String retryAfter;
  private long unavailableUntil;
  private int holdAt = -1;
  private String refusedUser;
  private CompletableFuture<Request> held = new CompletableFuture<>();

  private SinkCapture(Vertx vertx, Kind kind, String key) throws Exception {
    this.vertx = vertx;
    this.kind = kind;
    this.key = key;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static SinkCapture start(Kind kind, String key) {
    try {
      return new SinkCapture(Vertx.vertx(), kind, key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The next {@code n} requests are answered {@code status} (with Retry-After when given). */
  synchronized void failNext(int n, int status, String retryAfterSeconds) {
    failNext = n;
    failStatus = status;
    retryAfter = retryAfterSeconds;
  }

  /** Every request for the next {@code ms} is answered 503. */
  synchronized void unavailableFor(long ms) {
    unavailableUntil = System.currentTimeMillis() + ms;
  }

  /** The {@code n}-th request from now (1 = the next) is taken and never answered; the future completes when it came. */
  synchronized CompletableFuture<Request> holdRequest(int n) {
    holdAt = requests.size() + n - 1;
    held = new CompletableFuture<>();
    return held;
  }

  /** A Segment batch holding an event for this user is refused as a whole (400), as a collector does for one bad event. */
  synchronized void refuseBatchesWithUser(String userId) {
    refusedUser = userId;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /**
   * Every event the collector ingested: those of requests it answered 2xx, and of the request it took without
   * answering (a real collector keeps those; only the answer is lost).
   */
  synchronized List<JsonObject> ingested() {
    List<JsonObject> out = new ArrayList<>();
    for (Request r : requests) {
      if ((r.status >= 200 && r.status < 300) || r.status == 0) {
        JsonArray events = r.json().getJsonArray(kind == Kind.SEGMENT ? "batch" : "events");
        events.forEach(e -> out.add((JsonObject) e));
      }
    }
    return out;
  }

  /** The id a collector deduplicates by. */
  String idOf(JsonObject event) {
    return kind == Kind.SEGMENT ? event.getString("messageId") : event.getString("insert_id");
  }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(buffer -> {
      String body = buffer.toString(StandardCharsets.UTF_8);
      Map<String, String> headers = new HashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
      int status;
      String answer;
      String answerRetryAfter = null;
      synchronized (this) {
        int index = requests.size();
        if (index == holdAt) {
          Request r = new Request(req.path(), headers, body, 0, System.currentTimeMillis());
          requests.add(r);
          held.complete(r);
          return; // taken, never answered
        }
        String problem = check(req, headers, body);
        if (problem != null) {
          status = problem.startsWith("401") ? 401 : problem.startsWith("413") ? 413 : 400;
          String text = problem.substring(4);
          JsonObject extra = new JsonObject();
          if (text.contains("|")) {
            extra = new JsonObject(text.substring(text.indexOf('|') + 1));
            text = text.substring(0, text.indexOf('|'));
          }
          answer = kind == Kind.AMPLITUDE ? new JsonObject().put("code", status).put("error", text).mergeIn(extra).encode()
              : new JsonObject().put("success", false).put("error", text).encode();
        } else if (System.currentTimeMillis() < unavailableUntil) {
          status = 503;
          answer = "{\"error\":\"Service Unavailable\"}";
        } else if (failNext > 0) {
          failNext--;
          status = failStatus;
          answerRetryAfter = retryAfter;
          answer = status == 429 && kind == Kind.AMPLITUDE
              ? "{\"code\":429,\"error\":\"Too many requests for some devices and users\",\"eps_threshold\":30}"
              : "{\"error\":\"try later\"}";
        } else {
          status = 200;
          int n = new JsonObject(body).getJsonArray(kind == Kind.SEGMENT ? "batch" : "events").size();
          answer = kind == Kind.SEGMENT ? "{\"success\":true}"
              : new JsonObject().put("code", 200).put("events_ingested", n).put("payload_size_bytes", buffer.length())
                  .put("server_upload_time", System.currentTimeMillis()).encode();
        }
        requests.add(new Request(req.path(), headers, body, status, System.currentTimeMillis()));
      }
      var resp = req.response().setStatusCode(status).putHeader("Content-Type", "application/json");
      if (answerRetryAfter != null) resp.putHeader("Retry-After", answerRetryAfter);
      resp.end(answer);
    });
  }

  /** What the real collector would refuse, as "status message", or null. */
  private String check(HttpServerRequest req, Map<String, String> headers, String body) {
    String expectedPath = kind == Kind.SEGMENT ? "/v1/batch" : "/2/httpapi";
    if (!req.path().equals(expectedPath)) return "400 unknown path " + req.path();
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException e) {
      return "400 invalid JSON";
    }
    if (kind == Kind.SEGMENT) {
      String expected = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(headers.get("authorization"))) return "401 invalid write key";
      if (body.getBytes(StandardCharsets.UTF_8).length > 500 * 1024) {
        violations.add("request over 500 KB");
        return "400 request over 500 KB";
      }
      for (Object o : json.getJsonArray("batch", new JsonArray())) {
        JsonObject e = (JsonObject) o;
        if (e.encode().getBytes(StandardCharsets.UTF_8).length > 32 * 1024) {
          violations.add("event over 32 KB");
          return "400 event over 32 KB";
        }
        if (e.getString("userId") != null && e.getString("userId").equals(refusedUser)) return "400 invalid event";
        if (!"track".equals(e.getString("type")) || e.getString("messageId") == null || e.getString("event") == null
            || (e.getString("userId") == null && e.getString("anonymousId") == null)) {
          violations.add("not a valid track: " + e.encode());
          return "400 invalid track";
        }
      }
    } else {
      if (!key.equals(json.getString("api_key"))) return "400 Invalid API key: " + json.getString("api_key");
      if (body.getBytes(StandardCharsets.UTF_8).length > 1024 * 1024) {
        violations.add("request over 1 MB");
        return "413 Payload too large";
      }
      JsonArray events = json.getJsonArray("events", new JsonArray());
      if (events.size() > 2000) {
        violations.add("more than 2000 events");
        return "400 too many events";
      }
      List<Integer> shortIds = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        JsonObject e = events.getJsonObject(i);
        if (e.getString("event_type") == null || e.getString("user_id") == null || !(e.getValue("time") instanceof Number)
            || e.getString("insert_id") == null) {
          violations.add("not a valid event: " + e.encode());
          return "400 invalid event";
        }
        if (e.getString("user_id").length() < 5) shortIds.add(i);
      }
      if (!shortIds.isEmpty()) {
        // Amplitude names the events it refuses, and takes none of the request
        return "400 Invalid id length for user_id or device_id|" + new JsonObject()
            .put("events_with_invalid_id_lengths", new JsonObject().put("user_id", new JsonArray(shortIds))).encode();
      }
    }
    return null;
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
