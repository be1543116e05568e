package io.hsdest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.function.Function;

/** One HTTP server instance (several share the port, one per event loop); its start returns the listen future. */
final class HttpVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final Function<io.vertx.core.Vertx, Router> routes;
  private HttpServer server;

  HttpVerticle(String host, int port, Function<io.vertx.core.Vertx, Router> routes) {
    this.host = host;
    this.port = port;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(host).setPort(port)
        .setCompressionSupported(true)
        .setMaxInitialLineLength(8192)
        .setIdleTimeout(120));
    return server.requestHandler(routes.apply(vertx)).listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  /** Stops accepting and lets requests in flight finish, within the grace period. */
  Future<Void> shutdown(Duration grace) {
    return server == null ? Future.succeededFuture() : server.shutdown(grace);
  }
}
