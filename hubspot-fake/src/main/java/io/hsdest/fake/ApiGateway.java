package io.hsdest.fake;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every HubSpot API request passes through, in order: a scripted answer if one matches; the outage switch;
 * the Bearer token (401); the scope family (403); the rate limits (429 SECONDLY / TEN_SECONDLY_ROLLING / DAILY);
 * one random fault roll (5xx, 429, 423, 477, hang); then the endpoint. The answer is logged and written after the
 * configured latency with a timer, never by sleeping. Runs on the fake's event loop only.
 */
final class ApiGateway {
  private static final Logger LOG = Logger.getLogger(ApiGateway.class.getName());
  private static final String JSON = "application/json;charset=utf-8";

  private final Vertx vertx;
  private final FakeState state;

  ApiGateway(Vertx vertx, FakeState state) {
    this.vertx = vertx;
    this.state = state;
  }

  void handle(RoutingContext ctx, Endpoint ep) {
    FakeConfig c = state.config;
    Exchange x = new Exchange(ctx, ep, System.currentTimeMillis());
    x.config = c;
    HttpServerRequest req = ctx.request();
    String token = bearer(req);
    if (token == null && ep.limit() == LimitClass.TOKEN_IN_BODY) {
      token = tokenInBody(x);
    }
    x.grant = token == null ? null : state.tokens.get(token);
    x.portal = x.grant == null ? null : x.grant.portal;

    ScriptedResponse scripted = state.scripts.take(req.method().name(), req.path());
    if (scripted != null) {
      if (scripted.hang()) {
        log(x, 0);
        return;
      }
      Reply r = Reply.raw(scripted.status(), scripted.body());
      scripted.headers().forEach(r::header);
      send(x, r);
      return;
    }
    if (c.outage()) {
      send(x, Reply.json(503, Envelopes.error("Service Unavailable", "SERVICE_UNAVAILABLE")));
      return;
    }
    if (x.grant == null) {
      send(x, Envelopes.unauthorized());
      return;
    }
    try {
      ApiFamily family = ep.family() == null ? null : ep.family().apply(x);
      if (family != null && x.grant.denied.contains(family)) {
        send(x, Envelopes.missingScopes(family));
        return;
      }
    } catch (ApiError e) {
      send(x, e.reply);
      return;
    }
    Reply limited = limits(x, c);
    if (limited != null) {
      send(x, limited);
      return;
    }
    switch (state.dice.roll(c)) {
      case SERVER_ERROR:
        int status = state.dice.serverErrorStatus();
        if (c.applyWritesOnFault()) {
          run(x);
        }
        send(x, serverError(status));
        return;
      case TOO_MANY_REQUESTS:
        Reply r429 = Envelopes.rateLimited(RatePolicy.TEN_SECONDLY_ROLLING, x.portal.portalId);
        if (c.rateLimitPer10s() > 0) {
          x.rateHeaders.put("X-HubSpot-RateLimit-Remaining", "0");
        }
        if (c.retryAfter429Seconds() > 0) {
          r429.header("Retry-After", Integer.toString(c.retryAfter429Seconds()));
        }
        send(x, r429);
        return;
      case LOCKED:
        send(x, Reply.json(423, Envelopes.error("The record is locked by another request. Retry after at least 2 "
            + "seconds.", "LOCKED")));
        return;
      case MIGRATION:
        send(x, Reply.json(477, Envelopes.error("This account is being migrated between data centers. Retry after "
            + "the time given in Retry-After.", "MIGRATION_IN_PROGRESS"))
            .header("Retry-After", Integer.toString(c.retryAfter477Seconds())));
        return;
      case HANG:
        if (c.hangDelayMs() == 0) {
          if (c.applyWritesOnFault()) {
            run(x);
          }
          log(x, 0);
        } else {
          vertx.setTimer(c.hangDelayMs(), t -> send(x, run(x)));
        }
        return;
      default:
        send(x, run(x));
    }
  }

  /** Rate limits, per token (10 s, daily) and per portal (search); fills the rate headers of counted calls. */
  private Reply limits(Exchange x, FakeConfig c) {
    LimitClass lc = x.endpoint.limit();
    long now = x.receivedAt;
    if (lc == LimitClass.SEARCH && c.searchPerSecond() > 0
        && !x.portal.searchWindow(c.searchPerSecond()).tryAcquire(now)) {
      return Envelopes.rateLimited(RatePolicy.SECONDLY, x.portal.portalId);
    }
    if (lc.countsTenSecondly(c) && c.rateLimitPer10s() > 0) {
      RollingWindow w = x.grant.tenSecondly(c.rateLimitPer10s());
      boolean ok = w.tryAcquire(now);
      x.rateHeaders.put("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
      x.rateHeaders.put("X-HubSpot-RateLimit-Max", Integer.toString(c.rateLimitPer10s()));
      x.rateHeaders.put("X-HubSpot-RateLimit-Remaining", Integer.toString(w.remaining(now)));
      if (!ok) {
        return Envelopes.rateLimited(RatePolicy.TEN_SECONDLY_ROLLING, x.portal.portalId);
      }
    }
    if (lc.countsDaily(c)) {
      boolean ok = x.grant.daily.tryAcquire(c.dailyLimit(), now);
      if (c.dailyLimit() > 0) {
        x.rateHeaders.put("X-HubSpot-RateLimit-Daily", Long.toString(c.dailyLimit()));
        x.rateHeaders.put("X-HubSpot-RateLimit-Daily-Remaining",
            Long.toString(Math.max(0, c.dailyLimit() - x.grant.daily.used(now))));
      }
      if (!ok) {
        return Envelopes.rateLimited(RatePolicy.DAILY, x.portal.portalId);
      }
    }
    return null;
  }

  private Reply run(Exchange x) {
    try {
      return x.endpoint.handler().handle(x);
    } catch (ApiError e) {
      return e.reply;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "fake endpoint failed: " + x.endpoint.template(), e);
      return Reply.json(500, Envelopes.error("internal error: " + e, "INTERNAL_ERROR"));
    }
  }

  private static Reply serverError(int status) {
    switch (status) {
      case 502: return Reply.json(502, Envelopes.error("Bad Gateway", "BAD_GATEWAY"));
      case 503: return Reply.json(503, Envelopes.error("Service Unavailable", "SERVICE_UNAVAILABLE"));
      case 504: return Reply.json(504, Envelopes.error("Gateway Timeout", "GATEWAY_TIMEOUT"));
      default: return Reply.json(500, Envelopes.error("internal error", "INTERNAL_ERROR"));
    }
  }

  private void send(Exchange x, Reply r) {
    log(x, r.status);
    long delay = state.dice.delay(x.config);
    if (delay > 0) {
      vertx.setTimer(delay, t -> write(x, r));
    } else {
      write(x, r);
    }
  }

  private void log(Exchange x, int status) {
    HttpServerRequest req = x.ctx.request();
    int capacity = x.config.callLogCapacity();
    state.log.record(new CallRecord(x.receivedAt, req.method().name(), req.path(), req.query(), status,
        capacity > 0 ? x.rawBody() : null, x.correlationId, x.portal == null ? 0 : x.portal.portalId,
        x.endpoint.template().startsWith("/") ? x.endpoint.key(x) : x.endpoint.template()), capacity);
  }

  private static void write(Exchange x, Reply r) {
    HttpServerResponse resp = x.ctx.response();
    if (resp.ended() || resp.closed()) {
      return; // the client gave up (timeout) before the delayed answer
    }
    resp.setStatusCode(r.status);
    if (r.status == 423) {
      resp.setStatusMessage("Locked");
    } else if (r.status == 477) {
      resp.setStatusMessage("Migration in Progress");
    }
    resp.putHeader("X-HubSpot-Correlation-Id", x.correlationId);
    x.rateHeaders.forEach(resp::putHeader);
    r.headers.forEach(resp::putHeader);
    Buffer body = r.encode(x.correlationId);
    if (body == null) {
      resp.end();
    } else {
      if (!r.headers.containsKey("Content-Type")) {
        resp.putHeader("Content-Type", JSON);
      }
      resp.end(body);
    }
  }

  /** The {@code tokenKey} of a token-introspection body, or null when there is none. */
  private static String tokenInBody(Exchange x) {
    try {
      Object key = x.body().getValue("tokenKey");
      return key instanceof String ? (String) key : null;
    } catch (ApiError malformed) {
      return null;
    }
  }

  private static String bearer(HttpServerRequest req) {
    String h = req.getHeader("Authorization");
    return h != null && h.startsWith("Bearer ") ? h.substring(7) : null;
  }
}
