package io.hsdest.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsdest.console.ConsoleAuth.Via;
import io.hsdest.console.ConsoleSessions.Session;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The page and its sign-in: {@code GET /console} (the console for admins, the sign-in form for others),
 * {@code POST /console/sign-in} (the admin token typed once, answered with a session cookie),
 * {@code POST /console/sign-out}, and the page's static files under {@code /console/assets/} (no data in them, so
 * served to anyone, as the sign-in form needs its style). Every page is sent with a Content-Security-Policy that
 * lets it load and call only this server, and never be framed.
 */
final class ConsolePages {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  /** The assets, by the path after /console/assets/. */
  static final Map<String, String> ASSETS = Map.of(
      "console.js", "text/javascript; charset=utf-8",
      "console.css", "text/css; charset=utf-8",
      "uplot/uPlot.iife.min.js", "text/javascript; charset=utf-8",
      "uplot/uPlot.min.css", "text/css; charset=utf-8",
      "uplot/LICENSE", "text/plain; charset=utf-8");
  private static final int MAX_FAILED_SIGN_INS = 5;

  private final ConsoleAuth auth;
  private final ConsoleSessions sessions;
  private final String indexTemplate = resource("console/index.html");
  private final String signInTemplate = resource("console/sign-in.html");
  private final Map<String, Asset> assets = new LinkedHashMap<>();
  /** Failed sign-ins per client address over the last minute: a token cannot be guessed at speed. */
  private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1))
      .maximumSize(10_000).build();

  private record Asset(byte[] bytes, String type, String etag) {}

  ConsolePages(ConsoleAuth auth, ConsoleSessions sessions) {
    this.auth = auth;
    this.sessions = sessions;
    ASSETS.forEach((path, type) -> {
      byte[] bytes = resource("console/assets/" + path).getBytes(StandardCharsets.UTF_8);
      assets.put(path, new Asset(bytes, type, "\"" + sha256(bytes).substring(0, 16) + "\""));
    });
  }

  void mount(Router router) {
    router.get("/console").handler(this::page);
    router.get("/console/").handler(this::page);
    router.post("/console/sign-in").handler(this::signIn);
    router.post("/console/sign-out").handler(this::signOut);
    router.get("/console/assets/*").handler(this::asset);
  }

  private void page(RoutingContext ctx) {
    headers(ctx);
    Via via = auth.via(ctx);
    if (via == null) {
      if (auth.tokenConfigured()) signInPage(ctx, 401, null, ctx.request().uri());
      else localOnlyPage(ctx);
      return;
    }
    Session session = auth.session(ctx);
    if (session == null) {
      // every admin page has a session, whose CSRF token the page's POSTs carry
      String value = sessions.issue();
      ctx.response().addCookie(auth.cookie(value, sessions.lifetimeMs() / 1000, ctx));
      session = sessions.verify(value);
    }
    html(ctx, 200, indexTemplate.replace("{{csrf}}", escape(sessions.csrf(session)))
        .replace("{{signOut}}", via == Via.SESSION ? "" : "hidden"));
  }

  private void signIn(RoutingContext ctx) {
    headers(ctx);
    if (!auth.tokenConfigured()) {
      localOnlyPage(ctx);
      return;
    }
    String client = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    AtomicInteger failed = failures.get(client, k -> new AtomicInteger());
    if (failed.get() >= MAX_FAILED_SIGN_INS) {
      ctx.response().putHeader("Retry-After", "60");
      signInPage(ctx, 429, "Too many refused sign-ins from your address. Wait a minute, then try again.", "/console");
      return;
    }
    FormBody.read(ctx, 4096).onComplete(ar -> {
      if (ar.failed()) {
        signInPage(ctx, 400, "The sign-in form could not be read. Try again.", "/console");
        return;
      }
      Map<String, String> form = FormBody.fields(ar.result());
      String next = safeNext(form.get("next"));
      if (!auth.rightToken(form.get("token"), ctx)) {
        failed.incrementAndGet();
        signInPage(ctx, 401, "Sign-in refused: that is not this server's admin token (ADMIN_TOKEN).", next);
        return;
      }
      failures.invalidate(client);
      ctx.response().addCookie(auth.cookie(sessions.issue(), sessions.lifetimeMs() / 1000, ctx));
      ctx.response().setStatusCode(303).putHeader("Location", next).end();
    });
  }

  private void signOut(RoutingContext ctx) {
    headers(ctx);
    FormBody.read(ctx, 4096).onComplete(ar -> {
      String formToken = ar.succeeded() ? FormBody.fields(ar.result()).get("csrf") : null;
      Session s = auth.session(ctx);
      if (s != null && auth.csrfSafe(ctx, Via.SESSION, formToken)) sessions.revoke(s);
      ctx.response().addCookie(auth.cookie("", 0, ctx));
      ctx.response().setStatusCode(303).putHeader("Location", "/console").end();
    });
  }

  private void asset(RoutingContext ctx) {
    String path = ctx.request().path().substring("/console/assets/".length());
    Asset a = assets.get(path);
    if (a == null) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-cache")
        .putHeader("ETag", a.etag());
    if (a.etag().equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader("Content-Type", a.type()).end(Buffer.buffer(a.bytes()));
  }

  private void signInPage(RoutingContext ctx, int status, String message, String next) {
    html(ctx, status, signInTemplate
        .replace("{{message}}", message == null ? "" : escape(message))
        .replace("{{messageHidden}}", message == null ? "hidden" : "")
        .replace("{{formHidden}}", "")
        .replace("{{next}}", escape(safeNext(next))));
  }

  private void localOnlyPage(RoutingContext ctx) {
    html(ctx, 403, signInTemplate
        .replace("{{message}}", escape("This server has no ADMIN_TOKEN, so its console is served only to its own "
            + "machine, opened as http://localhost:<port>/console. Reach it through an SSH tunnel "
            + "(ssh -L 8080:localhost:8080 your-server), or set ADMIN_TOKEN to sign in from elsewhere."))
        .replace("{{messageHidden}}", "")
        .replace("{{formHidden}}", "hidden")
        .replace("{{next}}", "/console"));
  }

  /** Where to go after signing in: a console address of this server, nothing else (no open redirect). */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/console") || next.startsWith("//") || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/console";
    }
    return next;
  }

  private static void headers(RoutingContext ctx) {
    ConsoleResponses.noStore(ctx);
    ctx.response().putHeader("Content-Security-Policy", CSP);
  }

  private static void html(RoutingContext ctx, int status, String html) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String resource(String path) {
    try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("the console's " + path + " is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
