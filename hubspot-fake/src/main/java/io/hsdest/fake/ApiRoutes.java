package io.hsdest.fake;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import java.util.function.Function;

/** Registers HubSpot routes on the router, each passing through the {@link ApiGateway}. */
final class ApiRoutes {
  /** Scope family of the CRM object type in the path. */
  static final Function<Exchange, ApiFamily> OBJECTS = x -> ObjectType.parse(x.param("objectType")).objectsFamily;
  static final Function<Exchange, ApiFamily> SCHEMAS = x -> ObjectType.parse(x.param("objectType")).schemaFamily;

  private final Router router;
  private final ApiGateway gateway;

  ApiRoutes(Router router, ApiGateway gateway) {
    this.router = router;
    this.gateway = gateway;
  }

  static Function<Exchange, ApiFamily> family(ApiFamily f) {
    return x -> f;
  }

  void add(HttpMethod method, String template, LimitClass limit, Function<Exchange, ApiFamily> family,
           Endpoint.Handler handler) {
    Endpoint ep = new Endpoint(method, template, limit, family, handler);
    router.route(method, template).handler(ctx -> gateway.handle(ctx, ep));
  }

  void get(String template, Function<Exchange, ApiFamily> family, Endpoint.Handler handler) {
    add(HttpMethod.GET, template, LimitClass.STANDARD, family, handler);
  }

  void post(String template, Function<Exchange, ApiFamily> family, Endpoint.Handler handler) {
    add(HttpMethod.POST, template, LimitClass.STANDARD, family, handler);
  }

  void patch(String template, Function<Exchange, ApiFamily> family, Endpoint.Handler handler) {
    add(HttpMethod.PATCH, template, LimitClass.STANDARD, family, handler);
  }

  void put(String template, Function<Exchange, ApiFamily> family, Endpoint.Handler handler) {
    add(HttpMethod.PUT, template, LimitClass.STANDARD, family, handler);
  }

  void delete(String template, Function<Exchange, ApiFamily> family, Endpoint.Handler handler) {
    add(HttpMethod.DELETE, template, LimitClass.STANDARD, family, handler);
  }

  /** Anything no route matched: HubSpot-style 404 after the usual auth and limits. */
  void fallback() {
    Endpoint ep = new Endpoint(HttpMethod.valueOf("ANY"), "UNMATCHED", LimitClass.STANDARD, null,
        x -> Reply.json(404, Envelopes.error("resource not found", "OBJECT_NOT_FOUND")));
    router.route().handler(ctx -> gateway.handle(ctx, ep));
  }
}
