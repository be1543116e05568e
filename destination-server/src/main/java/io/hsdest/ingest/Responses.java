package io.hsdest.ingest;

import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.ingest.SegmentMessageParser.Rejected;
import io.hsdest.mapping.Warning;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON answers of interface.md: {@code {"success":true,"results":[...]}} when every message
 * is final; 429/503 with {@code Retry-After} when any is not; 4xx with
 * {@code {"success":false,"error":{"code","message"}}} naming the problem.
 */
final class Responses {
  private Responses() {}

  static Map<String, Object> result(MessageResult r, boolean withRequests) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messageId", r.messageId());
    m.put("type", r.type());
    m.put("outcome", r.isFinal() ? r.outcome().name() : "RETRY_LATER");
    if (r.reason() != null) m.put("reason", r.reason());
    if (r.detail() != null) m.put("detail", r.detail());
    if (!r.isFinal()) m.put("detail", r.pending().why());
    m.put("warnings", warnings(r.warnings()));
    if (withRequests) {
      List<Map<String, Object>> calls = new ArrayList<>();
      for (MessageResult.CallRecord c : r.requests()) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("method", c.method());
        call.put("path", c.path());
        if (c.body() != null) call.put("body", c.body());
        if (c.correlationId() != null && !"dry-run".equals(c.correlationId())) call.put("correlationId", c.correlationId());
        calls.add(call);
      }
      m.put("requests", calls);
    }
    return m;
  }

  static Map<String, Object> rejected(Rejected r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messageId", r.messageId());
    m.put("type", r.type());
    m.put("outcome", "DROPPED");
    m.put("reason", r.code());
    m.put("detail", r.reason());
    m.put("warnings", List.of());
    return m;
  }

  private static List<Map<String, Object>> warnings(List<Warning> warnings) {
    List<Map<String, Object>> out = new ArrayList<>(warnings.size());
    for (Warning w : warnings) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("code", w.code());
      if (w.property() != null) m.put("property", w.property());
      if (w.message() != null) m.put("message", w.message());
      out.add(m);
    }
    return out;
  }

  static void ok(RoutingContext ctx, List<Object> results) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", true);
    body.put("results", results);
    send(ctx, 200, body);
  }

  /** Some messages are not final: the client must resend the whole request. */
  static void notFinal(RoutingContext ctx, List<MessageResult> pending, List<Object> results) {
    boolean unavailable = pending.stream().anyMatch(p -> p.pending().kind() == Pending.Kind.UNAVAILABLE);
    long retryAfterMs = pending.stream().mapToLong(p -> p.pending().retryAfterMs()).max().orElse(1_000);
    long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
    Pending first = pending.get(0).pending();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", Map.of("code", unavailable ? "RETRY_LATER" : "RATE_LIMITED",
        "message", pending.size() + " message(s) could not be finished now (" + first.why() + "); resend the request"));
    body.put("results", results);
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    send(ctx, unavailable ? 503 : 429, body);
  }

  /** Some messages of the batch were refused on their own; the others are final. */
  static void rejectedBatch(RoutingContext ctx, List<Rejected> rejected, List<Object> results) {
    Rejected first = rejected.get(0);
    int status = rejected.stream().anyMatch(r -> r.status() == 413) ? 413 : first.status();
    String message = rejected.size() == 1 ? first.reason()
        : rejected.size() + " messages were refused; the first: " + first.reason();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", Map.of("code", first.code(), "message", message + (results.size() > rejected.size()
        ? " (the other messages of the batch were processed; see results)" : "")));
    body.put("results", results);
    send(ctx, status, body);
  }

  static void error(RoutingContext ctx, int status, String code, String message, long retryAfterSeconds) {
    error(ctx.response(), status, code, message, retryAfterSeconds);
  }

  /** The same error, for answers given before any route (by the front door, to the HTTP codec's failures). */
  static Future<Void> error(HttpServerResponse response, int status, String code, String message, long retryAfterSeconds) {
    if (response.ended() || response.closed()) return Future.succeededFuture();
    if (retryAfterSeconds > 0) response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", Map.of("code", code, "message", message));
    return send(response, status, body);
  }

  static void send(RoutingContext ctx, int status, Object body) {
    send(ctx.response(), status, body);
  }

  private static Future<Void> send(HttpServerResponse response, int status, Object body) {
    if (response.ended() || response.closed()) return Future.succeededFuture();
    return response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(io.vertx.core.buffer.Buffer.buffer(io.hsdest.hubspot.JsonBodies.write(body)));
  }
}
