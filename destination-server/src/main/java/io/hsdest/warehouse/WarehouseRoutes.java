package io.hsdest.warehouse;

import io.hsdest.ops.AdminAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/admin/warehouse/sync?destination=ID} (admin auth): runs the destination's warehouse sync now, or
 * joins the one under way, and answers when it is done with the rows written per table. 200 when every table was
 * copied; 503 with {@code Retry-After} when a table failed (HubSpot or the database unavailable: the next run
 * resumes); 404 for an unknown destination, 409 for one without a warehouse or without a HubSpot token. A run that
 * takes longer than 30 s is answered 200 at that point (chunked, with a space every 30 s so that no idle timeout
 * cuts it) and its JSON's {@code success} says how it ended.
 */
public final class WarehouseRoutes {
  private WarehouseRoutes() {}

  public static void mount(Router router, Warehouses warehouses, List<String> destinationIds, String adminToken) {
    router.route(HttpMethod.POST, "/v1/admin/warehouse/sync").handler(new AdminAuth(adminToken).guard())
        .handler(ctx -> sync(ctx, warehouses, destinationIds));
  }

  private static void sync(RoutingContext ctx, Warehouses warehouses, List<String> destinationIds) {
    String id = ctx.request().getParam("destination");
    if (id == null || id.isBlank()) {
      if (destinationIds.size() != 1) {
        error(ctx, 400, "MISSING_DESTINATION", "name the destination: POST /v1/admin/warehouse/sync?destination=ID");
        return;
      }
      id = destinationIds.get(0);
    }
    if (!destinationIds.contains(id)) {
      error(ctx, 404, "UNKNOWN_DESTINATION", "no destination with id " + id);
      return;
    }
    WarehouseSync sync = warehouses.forDestination(id);
    if (sync == null) {
      error(ctx, 409, "WAREHOUSE_DISABLED", "destination " + id + " has no warehouse: set its warehouse.enabled to true");
      return;
    }
    HttpServerResponse response = ctx.response();
    // A long run would hit the connection's idle timeout: after a while the answer starts (200, chunked) and a
    // space is written now and then; the JSON that ends it says whether the run succeeded.
    long heartbeat = ctx.vertx().setPeriodic(HEARTBEAT_MS, timer -> {
      if (response.closed() || response.ended()) return;
      if (!response.headWritten()) {
        response.setChunked(true).putHeader("Content-Type", "application/json; charset=utf-8");
      }
      response.write(" ");
    });
    sync.runNow().onComplete(ar -> {
      ctx.vertx().cancelTimer(heartbeat);
      if (response.closed() || response.ended()) return;
      if (ar.failed()) {
        if (response.headWritten()) response.end(Json.encode(Map.of("success", false, "error", Map.of("code", "DRY_RUN",
            "message", ar.cause().getMessage()))));
        else error(ctx, 409, "DRY_RUN", ar.cause().getMessage());
        return;
      }
      RunReport report = ar.result();
      if (!response.headWritten()) {
        if (!report.ok()) response.putHeader("Retry-After", "60");
        response.setStatusCode(report.ok() ? 200 : 503).putHeader("Content-Type", "application/json; charset=utf-8");
      }
      response.end(Json.encode(report.toJson()));
    });
  }

  static final long HEARTBEAT_MS = 30_000;

  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Json.encode(Map.of("success", false, "error", Map.of("code", code, "message", message))));
  }
}
