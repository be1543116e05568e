package io.hsdest.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound API (interface.md): batch paths, one-message paths by full and short name, the
 * validate endpoint; trailing slashes accepted; CORS on all of them; one failure handler that
 * renders every error as JSON.
 */
public final class IngestRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRoutes.class);
  private static final Map<String, String> SINGLE = Map.ofEntries(
      Map.entry("identify", "identify"), Map.entry("i", "identify"),
      Map.entry("track", "track"), Map.entry("t", "track"),
      Map.entry("page", "page"), Map.entry("p", "page"),
      Map.entry("screen", "screen"), Map.entry("s", "screen"),
      Map.entry("group", "group"), Map.entry("g", "group"),
      Map.entry("alias", "alias"), Map.entry("a", "alias"));

  private IngestRoutes() {}

  public static void mount(Router router, Destinations destinations, long requestTimeoutMs, MeterRegistry metrics) {
    IngestHandler ingest = new IngestHandler(destinations, requestTimeoutMs, metrics);
    RawBody body = new RawBody();
    router.routeWithRegex("/v1/.*").handler(new Cors());
    router.routeWithRegex(HttpMethod.POST, "/v1/(batch|import|b)/?").handler(body)
        .handler(ctx -> ingest.handle(ctx, IngestHandler.Mode.BATCH, null));
    router.routeWithRegex(HttpMethod.POST, "/v1/validate/?").handler(body)
        .handler(ctx -> ingest.handle(ctx, IngestHandler.Mode.VALIDATE, null));
    router.routeWithRegex(HttpMethod.POST, "/v1/(identify|track|page|screen|group|alias|i|t|p|s|g|a)/?").handler(body)
        .handler(ctx -> ingest.handle(ctx, IngestHandler.Mode.SINGLE, SINGLE.get(ctx.pathParam("param0"))));
  }

  /**
   * /v1/validate for a destination the caller has chosen and authorized: the console's event tester, behind admin
   * auth, where no write key is at hand. The body is a batch or one message with its {@code type}; the answer is
   * /v1/validate's, byte for byte. Nothing is written to HubSpot, and nothing is counted in the ingest metrics.
   */
  public static void validation(io.vertx.ext.web.Route route, java.util.function.Function<RoutingContext, Destination> destination,
      long requestTimeoutMs) {
    IngestHandler tester = new IngestHandler(new Destinations(java.util.List.of()), requestTimeoutMs,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    route.handler(new RawBody()).handler(ctx -> tester.validateFor(ctx, destination.apply(ctx)));
  }

  /** Every error, thrown or raised by Vert.x (a body over the limit), as the JSON interface.md promises. */
  public static void failures(RoutingContext ctx) {
    Throwable f = ctx.failure();
    if (f instanceof IngestError e) {
      Responses.error(ctx, e.status, e.code, e.getMessage(), 0);
      return;
    }
    int status = f instanceof HttpException h ? h.getStatusCode() : ctx.statusCode();
    if (status == 413) {
      Responses.error(ctx, 413, "REQUEST_TOO_LARGE", RequestBodies.tooLarge(RequestBodies.MAX_REQUEST_BYTES + 1).getMessage(), 0);
    } else if (status == 404) {
      Responses.error(ctx, 404, "NOT_FOUND", "no such endpoint: " + ctx.request().method() + " " + ctx.request().path(), 0);
    } else if (status == 405) {
      Responses.error(ctx, 405, "METHOD_NOT_ALLOWED", ctx.request().method() + " is not allowed on " + ctx.request().path(), 0);
    } else if (status >= 400 && status < 500) {
      Responses.error(ctx, status, "BAD_REQUEST", f != null && f.getMessage() != null ? f.getMessage() : "bad request", 0);
    } else {
      LOG.error("unexpected error on {} {}", ctx.request().method(), ctx.request().path(), f);
      Responses.error(ctx, 503, "RETRY_LATER", "the server hit an unexpected error; retry the request", 5);
    }
  }
}
