package io.hsdest.fake;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;

/** The fake's HTTP server: one verticle, one event loop, all HubSpot routes plus the {@code /__fake} API. */
final class FakeServerVerticle extends VerticleBase {
  static final long BODY_LIMIT = 32L * 1024 * 1024;

  private final FakeState state;
  private final String host;
  private final int port;
  private HttpServer server;
  volatile Confinement confinement;

  FakeServerVerticle(FakeState state, String host, int port) {
    this.state = state;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    confinement = new Confinement(context, Thread.currentThread());
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    new InspectionApi(state).register(router);
    ApiRoutes routes = new ApiRoutes(router, new ApiGateway(vertx, state));
    new PropertiesApi().register(routes);
    new CrmWrites().register(routes);
    new ObjectReads().register(routes);
    new ObjectSearch().register(routes);
    new AssociationsApi().register(routes);
    new EventsApi(state).register(routes);
    new ListsApi().register(routes);
    new EmailEventsApi().register(routes);
    new AccountApi(state).register(routes);
    new EmailCampaignsApi().register(routes);
    routes.fallback();
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setIdleTimeout(0));
    return server.requestHandler(router).listen();
  }

  /** Closes at once: hung requests would otherwise hold a graceful shutdown for its full grace period. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(Duration.ZERO);
  }

  int actualPort() {
    return server.actualPort();
  }
}
