package io.hsdest;

import io.hsdest.ingest.FrontDoor;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.function.Function;

/**
 * One HTTP server instance (several share the port, one per event loop); its start returns the listen
 * future. HTTP/1.x only: request lines up to 8 KB, headers up to 8 KB, and a {@link FrontDoor} that cuts
 * slow and idle clients and answers what the codec cannot read as JSON.
 */
final class HttpVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final Function<io.vertx.core.Vertx, Router> routes;
  private final Duration requestReadTimeout;
  private final MeterRegistry metrics;
  private HttpServer server;
  private FrontDoor door;

  HttpVerticle(String host, int port, Function<io.vertx.core.Vertx, Router> routes, Duration requestReadTimeout,
      MeterRegistry metrics) {
    this.host = host;
    this.port = port;
    this.routes = routes;
    this.requestReadTimeout = requestReadTimeout;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(FrontDoor.limits(new HttpServerOptions())
        .setHost(host).setPort(port)
        .setCompressionSupported(true)
        // a backstop only: the front door closes idle connections long before, and the request timeout bounds the work
        .setIdleTimeout(120));
    door = new FrontDoor(vertx, routes.apply(vertx), requestReadTimeout, metrics);
    return door.install(server).listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  /** Stops accepting, answers requests still being read 503, and lets those being worked on finish within the grace period. */
  Future<Void> shutdown(Duration grace) {
    if (server == null) return Future.succeededFuture();
    return door.closing().transform(v -> server.shutdown(grace));
  }
}
