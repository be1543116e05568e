package io.hsdest.console;

import io.hsdest.console.ConsoleSessions.Session;
import io.hsdest.ingest.Loopback;
import io.hsdest.ops.AdminAuth;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may use the console, in one place. With {@code ADMIN_TOKEN} set: a request carrying
 * {@code Authorization: Bearer <ADMIN_TOKEN>} (checked by {@link AdminAuth}) or the cookie of a session opened by
 * signing in. Without it: clients on this machine only, and only under a local host name or an IP address, so a web
 * page that rebinds its own domain to 127.0.0.1 gets nothing. A POST that relies on the browser (a session cookie,
 * or being on this machine) must also carry the session's CSRF token in {@value #CSRF_HEADER}; a Bearer request is
 * not sent by browsers on their own and needs none.
 */
final class ConsoleAuth {
  static final String CSRF_HEADER = "X-Console-Csrf";

  /** How a request proved it is an admin. */
  enum Via { BEARER, SESSION, LOOPBACK }

  private final String adminToken;
  private final AdminAuth admin;
  private final ConsoleSessions sessions;

  ConsoleAuth(String adminToken, ConsoleSessions sessions) {
    this.adminToken = adminToken;
    this.admin = new AdminAuth(adminToken);
    this.sessions = sessions;
  }

  boolean tokenConfigured() {
    return adminToken != null;
  }

  /** How this request is an admin's, or null when it is not. */
  Via via(RoutingContext ctx) {
    if (adminToken == null) {
      return Loopback.is(ctx.request().remoteAddress()) && localName(ctx.request().authority()) ? Via.LOOPBACK : null;
    }
    if (ctx.request().getHeader("Authorization") != null && admin.allowed(ctx)) return Via.BEARER;
    return session(ctx) != null ? Via.SESSION : null;
  }

  /** The request's valid session, or null. */
  Session session(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(ConsoleSessions.COOKIE);
    return c == null ? null : sessions.verify(c.getValue());
  }

  /** The admin token as typed in the sign-in form: right or not (by {@link AdminAuth}'s rule). */
  boolean rightToken(String typed, RoutingContext ctx) {
    return adminToken != null && typed != null && !typed.isBlank()
        && admin.allowed("Bearer " + typed.trim(), ctx.request().remoteAddress());
  }

  /** Whether an unsafe request carries what proves the page sent it (see the class comment). */
  boolean csrfSafe(RoutingContext ctx, Via via, String formToken) {
    if (via == Via.BEARER) return true;
    String presented = ctx.request().getHeader(CSRF_HEADER);
    return sessions.csrfMatches(session(ctx), presented != null ? presented : formToken);
  }

  /** The JSON API's guard: 401/403 JSON for non-admins, 403 for a browser POST without its CSRF token. */
  Handler<RoutingContext> api() {
    return ctx -> {
      ConsoleResponses.noStore(ctx);
      Via via = via(ctx);
      if (via == null) {
        refuse(ctx);
        return;
      }
      if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD && !csrfSafe(ctx, via, null)) {
        ConsoleResponses.error(ctx, 403, "CSRF_TOKEN_MISSING", "this request must come from the console page (its "
            + CSRF_HEADER + " header is missing or does not match the signed-in session); reload the page");
        return;
      }
      ctx.next();
    };
  }

  void refuse(RoutingContext ctx) {
    if (adminToken == null) {
      ConsoleResponses.error(ctx, 403, "ADMIN_ONLY", "this server has no ADMIN_TOKEN, so its console is served only to "
          + "its own machine, under a local name such as localhost (reach it through an SSH tunnel, or set ADMIN_TOKEN)");
    } else {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ConsoleResponses.error(ctx, 401, "SIGN_IN_REQUIRED",
          "sign in at /console with the admin token, or send Authorization: Bearer <ADMIN_TOKEN>");
    }
  }

  /** The session cookie: only for /console, never readable by scripts, never sent with a request from another site. */
  Cookie cookie(String value, long maxAgeSeconds, RoutingContext ctx) {
    return Cookie.cookie(ConsoleSessions.COOKIE, value).setPath("/console").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAgeSeconds).setSecure(secure(ctx));
  }

  /** Over TLS, directly or at a proxy that says so: the cookie is then marked Secure. */
  private static boolean secure(RoutingContext ctx) {
    return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
  }

  /** A host name that cannot be another site's: localhost (or a .localhost name) or an IP address. */
  static boolean localName(HostAndPort authority) {
    if (authority == null) return false;
    String host = authority.host().toLowerCase(java.util.Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) return true; // an IPv6 literal
    return host.equals("localhost") || host.endsWith(".localhost") || host.matches("[0-9.]+") || host.contains(":");
  }
}
