package io.hsdest.durable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsdest.durable.DeadLetters.DeadLetter;
import io.hsdest.ingest.IngestError;
import io.hsdest.log.LogUnavailable;
import io.hsdest.ops.AdminAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/dead-letters?destination=ID} lists the messages durable delivery gave up on, with
 * HubSpot's last error; {@code POST /v1/dead-letters/replay?destination=ID} sends them again (HubSpot
 * writes are idempotent, so a message partly written before is not doubled). Admin auth.
 */
public final class DeadLetterRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetterRoutes() {}

  /** @param durable durable delivery, or null in sync mode (which keeps no dead letters: clients resend) */
  public static void mount(Router router, String adminToken, List<String> destinations, DurableDelivery durable) {
    AdminAuth admin = new AdminAuth(adminToken);
    router.route(HttpMethod.GET, "/v1/dead-letters").handler(admin.guard()).handler(ctx -> list(ctx, destinations, durable));
    router.route(HttpMethod.POST, "/v1/dead-letters/replay").handler(admin.guard()).handler(ctx -> replay(ctx, destinations, durable));
  }

  private static String destination(RoutingContext ctx, List<String> destinations) {
    String id = ctx.request().getParam("destination");
    if (id == null || id.isBlank()) {
      if (destinations.size() == 1) return destinations.get(0);
      throw new IngestError(400, "MISSING_DESTINATION", "name the destination: ?destination=ID (one of " + destinations + ")");
    }
    if (!destinations.contains(id)) throw new IngestError(404, "UNKNOWN_DESTINATION", "no destination " + id + " is configured");
    return id;
  }

  private static void list(RoutingContext ctx, List<String> destinations, DurableDelivery durable) {
    String id = destination(ctx, destinations);
    int limit = Math.max(1, Math.min(1_000, intParam(ctx, "limit", 100)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("destination", id);
    body.put("mode", durable == null ? "sync" : "durable");
    List<Object> letters = new ArrayList<>();
    if (durable != null) {
      DeadLetters d = durable.deadLetters(id);
      body.put("count", d.size());
      for (DeadLetter l : d.list(limit, ctx.request().getParam("after"))) letters.add(view(l));
    } else {
      body.put("count", 0);
    }
    body.put("deadLetters", letters);
    json(ctx, 200, body);
  }

  private static void replay(RoutingContext ctx, List<String> destinations, DurableDelivery durable) {
    String id = destination(ctx, destinations);
    if (durable == null) {
      json(ctx, 200, Map.of("success", true, "replayed", 0, "mode", "sync"));
      return;
    }
    durable.replay(id).onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, 200, Map.of("success", true, "replayed", ar.result()));
      } else if (ar.cause() instanceof LogUnavailable u) {
        ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, (u.retryAfterMs() + 999) / 1000)));
        json(ctx, 503, Map.of("success", false, "error", Map.of("code", "RETRY_LATER", "message", u.getMessage())));
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  private static Map<String, Object> view(DeadLetter l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messageId", l.messageId());
    m.put("type", l.type());
    m.put("reason", l.reason());
    m.put("lastError", l.lastError());
    m.put("attempts", l.attempts());
    m.put("acceptedAt", l.acceptedAt());
    m.put("failedAt", l.failedAt());
    try {
      m.put("message", JSON.readValue(l.recorded(), Map.class));
    } catch (IOException e) {
      m.put("message", null);
    }
    return m;
  }

  private static int intParam(RoutingContext ctx, String name, int orElse) {
    String v = ctx.request().getParam(name);
    if (v == null) return orElse;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IngestError(400, "INVALID_PARAMETER", name + " must be a whole number");
    }
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(Json.encode(body));
  }
}
