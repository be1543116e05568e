package io.hsdest.warehouse;

import io.hsdest.ops.AdminAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/admin/warehouse/sync?destination=ID} (admin auth): runs the destination's warehouse sync now, or
 * joins the one under way, and answers when it is done with the rows written per table. 200 when every table was
 * copied; 503 with {@code Retry-After} when a table failed (HubSpot or the database unavailable: the next run
 * resumes); 404 for an unknown destination, 409 for one without a warehouse or without a HubSpot token.
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
    sync.runNow().onComplete(ar -> {
      if (ctx.response().closed()) return;
      if (ar.failed()) {
        error(ctx, 409, "DRY_RUN", ar.cause().getMessage());
        return;
      }
      RunReport report = ar.result();
      if (!report.ok()) ctx.response().putHeader("Retry-After", "60");
      ctx.response().setStatusCode(report.ok() ? 200 : 503).putHeader("Content-Type", "application/json; charset=utf-8")
          .end(Json.encode(report.toJson()));
    });
  }

  private static void error(RoutingContext ctx, int status, String code, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Json.encode(Map.of("success", false, "error", Map.of("code", code, "message", message))));
  }
}
