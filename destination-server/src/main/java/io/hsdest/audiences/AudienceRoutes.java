package io.hsdest.audiences;

import io.hsdest.hubspot.JsonBodies;
import io.hsdest.ingest.Destination;
import io.hsdest.ingest.Destinations;
import io.hsdest.ingest.IngestError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audience endpoints of interface.md part 2, authenticated by write key exactly as ingest is (Basic user
 * name, else {@code writeKey} in the body):
 * {@code POST /v1/cohorts/amplitude} (Amplitude's Cohort Webhooks payload as it comes),
 * {@code PUT /v1/audiences/{key}/members} (a full snapshot), {@code POST /v1/audiences/{key}/members}
 * ({@code add}/{@code remove}), {@code GET /v1/audiences/{key}}. Bodies may be gzip and up to 50 MB; they are
 * parsed on a worker thread. A sync HubSpot cannot finish now is answered 503 or 429 with {@code Retry-After}.
 */
public final class AudienceRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AudienceRoutes.class);
  private static final String DESTINATION = "hsdest.audienceDestination";

  private final Destinations destinations;
  private final Function<String, Audiences> audiences;

  private AudienceRoutes(Destinations destinations, Function<String, Audiences> audiences) {
    this.destinations = destinations;
    this.audiences = audiences;
  }

  /** @param audiences each destination's audience sync, by destination id */
  public static void mount(Router router, Destinations destinations, Function<String, Audiences> audiences) {
    AudienceRoutes r = new AudienceRoutes(destinations, audiences);
    BoundedBody body = new BoundedBody();
    router.routeWithRegex(HttpMethod.POST, "/v1/cohorts/amplitude/?").handler(r::headerAuth).handler(body)
        .handler(ctx -> r.withBody(ctx, Payloads::cohort, b -> b.writeKey(), (a, b) -> a.cohort(b)));
    router.routeWithRegex(HttpMethod.PUT, "/v1/audiences/(?<key>[^/]+)/members/?").handler(r::headerAuth).handler(body)
        .handler(ctx -> r.withBody(ctx, Payloads::snapshot, b -> b.writeKey(), (a, b) -> a.snapshot(ctx.pathParam("key"), b)));
    router.routeWithRegex(HttpMethod.POST, "/v1/audiences/(?<key>[^/]+)/members/?").handler(r::headerAuth).handler(body)
        .handler(ctx -> r.withBody(ctx, Payloads::changes, b -> b.writeKey(), (a, b) -> a.changes(ctx.pathParam("key"), b)));
    router.routeWithRegex(HttpMethod.GET, "/v1/audiences/(?<key>[^/]+)/?").handler(ctx -> r.describe(ctx, ctx.pathParam("key")));
  }

  /** With a Basic header the write key is checked before a byte of a possibly large body is read. */
  private void headerAuth(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    if (h != null && h.trim().regionMatches(true, 0, "Basic ", 0, 6)) ctx.put(DESTINATION, destinations.authenticate(ctx.request(), null));
    ctx.next();
  }

  private interface Parse<T> {
    T parse(InputStream body, boolean gzip);
  }

  private interface Run<T> {
    Future<Map<String, Object>> run(Audiences audiences, T body);
  }

  private <T> void withBody(RoutingContext ctx, Parse<T> parse, Function<T, String> writeKey, Run<T> run) {
    List<Buffer> chunks = ctx.get(BoundedBody.KEY);
    boolean gzip = gzip(ctx.request(), chunks);
    ctx.vertx().executeBlocking(() -> parse.parse(BoundedBody.stream(chunks), gzip), false).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      try {
        Destination d = ctx.get(DESTINATION);
        if (d == null) d = destinations.authenticate(ctx.request(), writeKey.apply(ar.result()));
        respond(ctx, run.run(audiencesOf(d), ar.result()));
      } catch (RuntimeException e) {
        fail(ctx, e);
      }
    });
  }

  private void describe(RoutingContext ctx, String audienceKey) {
    Audiences a = audiencesOf(destinations.authenticate(ctx.request(), null));
    a.describe(audienceKey).onComplete(ar -> {
      if (ar.succeeded() && ar.result() == null) {
        error(ctx, 404, "AUDIENCE_NOT_FOUND", "no audience \"" + audienceKey + "\" has been synced to this destination's portal", 0);
      } else if (ar.succeeded()) {
        send(ctx, 200, ar.result());
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  private Audiences audiencesOf(Destination d) {
    Audiences a = audiences.apply(d.id());
    if (a == null) throw new IngestError(404, "NO_AUDIENCE_SYNC", "destination " + d.id() + " has no audience sync");
    return a;
  }

  private static void respond(RoutingContext ctx, Future<Map<String, Object>> report) {
    report.onComplete(ar -> {
      if (ar.succeeded()) send(ctx, 200, ar.result());
      else fail(ctx, ar.cause());
    });
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof SyncFailure f) {
      error(ctx, f.status, f.code, f.getMessage(), f.retryAfterSeconds);
    } else if (e instanceof IngestError) {
      ctx.fail(e);
    } else {
      LOG.error("audience request {} {} failed unexpectedly", ctx.request().method(), ctx.request().path(), e);
      error(ctx, 503, "RETRY_LATER", "the server could not finish the sync; resend the request", 5);
    }
  }

  private static void error(RoutingContext ctx, int status, String code, String message, long retryAfterSeconds) {
    if (retryAfterSeconds > 0) ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", error);
    send(ctx, status, body);
  }

  private static void send(RoutingContext ctx, int status, Map<String, Object> body) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Buffer.buffer(JsonBodies.write(body)));
  }

  /** {@code Content-Encoding: gzip}, or a body that starts with gzip's magic number (as ingest accepts). */
  private static boolean gzip(HttpServerRequest request, List<Buffer> chunks) {
    String encoding = request.getHeader("Content-Encoding");
    if (encoding != null && !encoding.isBlank()) {
      String e = encoding.trim();
      if (e.equalsIgnoreCase("gzip") || e.equalsIgnoreCase("x-gzip")) return true;
      if (!e.equalsIgnoreCase("identity")) {
        throw new IngestError(415, "UNSUPPORTED_ENCODING", "Content-Encoding \"" + encoding + "\" is not supported; use gzip or none");
      }
    }
    Buffer first = chunks.isEmpty() ? null : chunks.get(0);
    return first != null && first.length() >= 2 && (first.getByte(0) & 0xff) == 0x1f && (first.getByte(1) & 0xff) == 0x8b;
  }
}
