package io.hsdest.console;

import io.hsdest.hubspot.JsonBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** The console's answers: JSON with the project's error shape, never cached, never sniffed, never framed. */
final class ConsoleResponses {
  private ConsoleResponses() {}

  static void noStore(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer").putHeader("X-Frame-Options", "DENY");
  }

  static void json(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Buffer.buffer(JsonBodies.write(body)));
  }

  static void error(RoutingContext ctx, int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", error);
    json(ctx, status, body);
  }
}
