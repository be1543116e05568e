package io.hsdest.ops;

import io.hsdest.ingest.Loopback;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * "Admin auth" of interface.md: {@code Authorization: Bearer <ADMIN_TOKEN>}; without an admin token
 * configured, only clients on this machine. One place for the rule, used by every admin endpoint.
 */
public final class AdminAuth {
  private final String adminToken;

  /** @param adminToken the configured token, or null (loopback clients only) */
  public AdminAuth(String adminToken) {
    this.adminToken = adminToken;
  }

  public boolean allowed(RoutingContext ctx) {
    return allowed(ctx.request().getHeader("Authorization"), ctx.request().remoteAddress());
  }

  /** The same rule for an {@code Authorization} value and a client address (the console's sign-in form uses it). */
  public boolean allowed(String authorization, io.vertx.core.net.SocketAddress client) {
    if (adminToken == null) return Loopback.is(client);
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        adminToken.getBytes(StandardCharsets.UTF_8));
  }

  /** A route handler that lets admins through and answers everyone else 401 JSON. */
  public io.vertx.core.Handler<RoutingContext> guard() {
    return ctx -> {
      if (allowed(ctx)) ctx.next();
      else refuse(ctx);
    };
  }

  public static void refuse(RoutingContext ctx) {
    ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("WWW-Authenticate", "Bearer")
        .end(Json.encode(Map.of("success", false, "error", Map.of("code", "ADMIN_ONLY",
            "message", "send Authorization: Bearer <ADMIN_TOKEN> (without ADMIN_TOKEN, only local clients may ask)"))));
  }
}
