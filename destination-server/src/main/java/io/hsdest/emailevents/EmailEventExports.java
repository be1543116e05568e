package io.hsdest.emailevents;

import io.hsdest.ops.AdminAuth;
import io.hsdest.ops.StatusSection;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's email events exports, one per destination that turns {@code emailEvents} on: their section of
 * {@code /status} ({@code emailEvents}) and {@code POST /v1/admin/email-events/sync?destination=ID} (admin auth),
 * which runs a poll now and answers with its counts: 200 when it read everything up to now, 503 with
 * {@code Retry-After} when HubSpot or the sink stayed unavailable (the export goes on at its next poll), 502 when
 * either refused (token, scope, sink key or URL), 404 for a destination without an export; 202 when the poll is
 * still going after {@link #ANSWER_WITHIN_MS} (a long backfill), which /status then follows. Thread-safe.
 */
public final class EmailEventExports implements StatusSection {
  /** Longest wait for a poll before the sync endpoint answers 202 (HTTP connections idle out at 120 s). */
  static final long ANSWER_WITHIN_MS = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(EmailEventExports.class);
  private final Map<String, EmailEventsExport> exports = new ConcurrentHashMap<>();
  private final Map<String, String> notRunning = new ConcurrentHashMap<>();

  public void add(String destinationId, EmailEventsExport export) {
    exports.put(destinationId, export);
  }

  /** A destination whose settings turn the export on but that cannot run it (a dry-run destination has no token). */
  public void notRunning(String destinationId, String reason) {
    notRunning.put(destinationId, reason);
    LOG.warn("email events: destination {} does not run its export: {}", destinationId, reason);
  }

  public void startAll() {
    exports.values().forEach(EmailEventsExport::start);
  }

  /** Stops every export; completes when their polls in flight stopped. */
  public Future<Void> stopAll() {
    List<Future<Void>> all = new ArrayList<>();
    exports.values().forEach(e -> all.add(e.stop()));
    return Future.join(all).mapEmpty();
  }

  public void mount(Router router, String adminToken) {
    router.route(HttpMethod.POST, "/v1/admin/email-events/sync").handler(new AdminAuth(adminToken).guard())
        .handler(this::sync);
  }

  @Override
  public String name() {
    return "emailEvents";
  }

  @Override
  public Object status(String destinationId) {
    EmailEventsExport e = exports.get(destinationId);
    if (e != null) return e.status();
    String reason = notRunning.get(destinationId);
    if (reason == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", true);
    m.put("running", false);
    m.put("reason", reason);
    return m;
  }

  private void sync(RoutingContext ctx) {
    String id = ctx.queryParams().get("destination");
    if (id == null || id.isBlank()) {
      error(ctx, 400, "MISSING_DESTINATION", "name the destination: POST /v1/admin/email-events/sync?destination=ID");
      return;
    }
    EmailEventsExport export = exports.get(id);
    if (export == null) {
      String reason = notRunning.get(id);
      error(ctx, 404, "NO_EMAIL_EVENTS_EXPORT", reason != null ? "destination " + id + " does not run its email events "
          + "export: " + reason : "destination " + id + " has no email events export (emailEvents.enabled is not true)");
      return;
    }
    long slow = ctx.vertx().setTimer(ANSWER_WITHIN_MS, t -> {
      if (ctx.response().ended()) return;
      Map<String, Object> going = new LinkedHashMap<>();
      going.put("success", true);
      going.put("destination", id);
      going.put("running", true);
      going.put("message", "the poll goes on; GET /status shows its progress");
      going.put("status", export.status());
      ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json; charset=utf-8").end(Json.encode(going));
    });
    io.vertx.core.Context here = ctx.vertx().getOrCreateContext(); // answer on the request's own thread, as the timer
    export.syncNow().onComplete(ar -> here.runOnContext(v -> {
      ctx.vertx().cancelTimer(slow);
      if (ctx.response().ended()) return;
      if (ar.failed()) {
        error(ctx, 500, "INTERNAL_ERROR", "the poll did not finish: " + ar.cause().getClass().getSimpleName());
        return;
      }
      Map<String, Object> report = ar.result();
      int status = 200;
      if (!Boolean.TRUE.equals(report.get("success"))) {
        Object error = report.get("error");
        String code = error instanceof Map<?, ?> m ? String.valueOf(m.get("code")) : "";
        status = code.endsWith("_UNAVAILABLE") || code.equals("STOPPED") ? 503 : code.equals("EXPORTED_ELSEWHERE") ? 409 : 502;
      }
      var response = ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8");
      if (status == 503) response.putHeader("Retry-After", "60");
      response.end(Json.encode(report));
    }));
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Json.encode(Map.of("success", false, "error", Map.of("code", code, "message", message))));
  }
}
