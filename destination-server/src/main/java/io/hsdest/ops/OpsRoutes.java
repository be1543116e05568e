package io.hsdest.ops;

import io.hsdest.ingest.Destination;
import io.hsdest.ingest.Destinations;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: 200 while serving, 503 once shutting down (readiness), with each
 * destination's mode. {@code GET /metrics}: Prometheus text. {@code GET /status}: each
 * destination's queue, rate budget and held state; needs {@code Authorization: Bearer <ADMIN_TOKEN>},
 * or a loopback client when no admin token is set.
 */
public final class OpsRoutes {
  private OpsRoutes() {}

  public static void mount(Router router, Destinations destinations, PrometheusMeterRegistry metrics, String adminToken,
      BooleanSupplier draining) {
    mount(router, destinations, metrics, adminToken, draining, List.of());
  }

  /** @param sections more sections of each destination's status entry */
  public static void mount(Router router, Destinations destinations, PrometheusMeterRegistry metrics, String adminToken,
      BooleanSupplier draining, List<StatusSection> sections) {
    router.route(HttpMethod.GET, "/health").handler(ctx -> health(ctx, destinations, draining.getAsBoolean()));
    router.route(HttpMethod.GET, "/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    router.route(HttpMethod.GET, "/status").handler(new AdminAuth(adminToken).guard())
        .handler(ctx -> status(ctx, destinations, sections));
  }

  private static void health(RoutingContext ctx, Destinations destinations, boolean draining) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Destination d : destinations.all()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", d.id());
      m.put("mode", d.config().settings().dryRun() ? "dry-run" : "live");
      list.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", draining ? "stopping" : "ok");
    body.put("live", true);
    body.put("ready", !draining);
    body.put("destinations", list);
    ctx.response().setStatusCode(draining ? 503 : 200).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Json.encode(body));
  }

  private static void status(RoutingContext ctx, Destinations destinations, List<StatusSection> sections) {
    List<Future<Map<String, Object>>> all = new ArrayList<>();
    for (Destination d : destinations.all()) {
      all.add(d.pipeline().engine().status().map(s -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("mode", d.config().settings().dryRun() ? "dry-run" : "live");
        m.put("portalId", d.config().settings().portalId());
        m.putAll(s);
        m.put("accessCheck", d.pipeline().accessCheck());
        for (StatusSection section : sections) {
          Object shown = section.byDestination().apply(d.id());
          if (shown != null) m.put(section.name(), shown);
        }
        return m;
      }));
    }
    Future.all(all).onComplete(ar -> {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Future<Map<String, Object>> f : all) list.add(f.result());
      ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(Json.encode(Map.of("destinations", list)));
    });
  }

}
