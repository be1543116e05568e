package io.hsdest.ingest;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS for browser collectors (analytics-next posts {@code text/plain} with Basic auth, so
 * browsers send a preflight). Any origin may post: the write key, not the origin, is the credential.
 */
final class Cors implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null) {
      ctx.response().putHeader("Access-Control-Allow-Origin", origin)
          .putHeader("Vary", "Origin")
          .putHeader("Access-Control-Allow-Credentials", "true")
          .putHeader("Access-Control-Expose-Headers", "Retry-After");
    }
    if (ctx.request().method() == HttpMethod.OPTIONS) {
      String asked = ctx.request().getHeader("Access-Control-Request-Headers");
      ctx.response().putHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS")
          .putHeader("Access-Control-Allow-Headers", asked != null ? asked : "Content-Type, Authorization, Content-Encoding")
          .putHeader("Access-Control-Max-Age", "86400")
          .setStatusCode(204).end();
      return;
    }
    ctx.next();
  }
}
