package io.hsdest.fake;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One API request on its way through the gateway: correlation id, token, portal, parsed body, rate headers. */
final class Exchange {
  final RoutingContext ctx;
  final Endpoint endpoint;
  final String correlationId = UUID.randomUUID().toString();
  final long receivedAt;
  final Map<String, String> rateHeaders = new LinkedHashMap<>();
  TokenGrant grant;
  Portal portal;
  FakeConfig config;
  private Object json;

  Exchange(RoutingContext ctx, Endpoint endpoint, long receivedAt) {
    this.ctx = ctx;
    this.endpoint = endpoint;
    this.receivedAt = receivedAt;
  }

  String param(String name) {
    return ctx.pathParam(name);
  }

  String query(String name) {
    return ctx.queryParams().get(name);
  }

  String rawBody() {
    return ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().asString();
  }

  /** The body as a JSON object; an empty body is {}; malformed JSON fails with HubSpot's 400. */
  JsonObject body() {
    Object v = parsed();
    if (v == null) {
      return new JsonObject();
    }
    if (!(v instanceof JsonObject)) {
      throw Envelopes.invalidJson("expected a JSON object");
    }
    return (JsonObject) v;
  }

  JsonArray bodyArray() {
    Object v = parsed();
    if (!(v instanceof JsonArray)) {
      throw Envelopes.invalidJson("expected a JSON array");
    }
    return (JsonArray) v;
  }

  private Object parsed() {
    if (json == null) {
      String raw = rawBody();
      if (raw == null || raw.isBlank()) {
        return null;
      }
      try {
        json = Json.decodeValue(raw);
      } catch (DecodeException e) {
        String m = e.getMessage() == null ? "malformed JSON" : e.getMessage();
        int nl = m.indexOf('\n');
        throw Envelopes.invalidJson(nl > 0 ? m.substring(0, nl) : m);
      }
    }
    return json;
  }
}
