package io.hsdest.snippet;

import io.hsdest.ingest.Destination;
import io.hsdest.ingest.Destinations;
import io.hsdest.settings.SettingsSchema;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/snippet/{writeKey}.js} and {@code GET /snippet.js?writeKey=}: the built script,
 * a newline, then {@code HubSpotDestination.boot(<public settings>);}. Cacheable: an ETag per
 * destination, honoured with 304. An unknown key gets a 404 whose body is a harmless JS comment.
 */
public final class SnippetRoutes {
  static final String RESOURCE = "io/hsdest/snippet/hubspot-destination.js";

  private final Destinations destinations;
  private final SettingsSchema schema;
  private final String script;
  private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

  private record Rendered(byte[] body, String etag) {}

  private SnippetRoutes(Destinations destinations, SettingsSchema schema, String script) {
    this.destinations = destinations;
    this.schema = schema;
    this.script = script;
  }

  public static void mount(Router router, Destinations destinations, SettingsSchema schema) {
    SnippetRoutes routes = new SnippetRoutes(destinations, schema, loadScript());
    router.routeWithRegex(HttpMethod.GET, "/v1/snippet/([^/]+)\\.js").handler(ctx -> routes.serve(ctx, ctx.pathParam("param0")));
    router.route(HttpMethod.GET, "/snippet.js").handler(ctx -> routes.serve(ctx, ctx.request().getParam("writeKey")));
  }

  private static String loadScript() {
    try (InputStream in = SnippetRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is not on the classpath: build js-snippet first");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }

  private void serve(RoutingContext ctx, String writeKey) {
    Destination d = writeKey == null ? null : destinations.forSnippet(writeKey, ctx.request().remoteAddress());
    if (d == null) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "application/javascript; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end("/* hubspot-destination: unknown write key */\n");
      return;
    }
    Rendered r = rendered.computeIfAbsent(d.id(), id -> render(d));
    ctx.response().putHeader("ETag", r.etag())
        .putHeader("Cache-Control", "public, max-age=300")
        .putHeader("Access-Control-Allow-Origin", "*")
        .putHeader("X-Content-Type-Options", "nosniff");
    String ifNoneMatch = ctx.request().getHeader("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.contains(r.etag()) || ifNoneMatch.trim().equals("*"))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader("Content-Type", "application/javascript; charset=utf-8").end(io.vertx.core.buffer.Buffer.buffer(r.body()));
  }

  private Rendered render(Destination d) {
    String settings = Json.encode(schema.publicSettings(d.config().settings().raw()));
    // </script> inside a JSON string would end an inline <script>; escape the slash
    String safe = settings.replace("</", "<\\/");
    byte[] body = (script + (script.endsWith("\n") ? "" : "\n") + "HubSpotDestination.boot(" + safe + ");\n")
        .getBytes(StandardCharsets.UTF_8);
    return new Rendered(body, "\"" + sha256(body).substring(0, 32) + "\"");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
