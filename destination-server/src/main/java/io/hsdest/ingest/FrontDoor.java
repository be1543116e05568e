package io.hsdest.ingest;

import io.hsdest.ingest.MalformedRequests.Refusal;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.http1.Http1ServerConnection;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What happens to a connection before and around the routes, so that hostile or broken clients can
 * neither hold the server open nor get an answer that is not the usual JSON:
 *
 * <ul>
 *   <li>a client must send each whole request (headers and body) within {@code requestReadTimeoutMs}
 *       of its connection being ready for it ({@link RequestDeadline}); otherwise it is answered 408
 *       (when its headers arrived) and cut. An idle keep-alive connection is closed after the same time;
 *   <li>what the HTTP codec cannot read (bad request line, bad or conflicting headers, a line or headers
 *       over 8 KB) and what it lets through but no route can trust (an HTTP version other than 1.0 and
 *       1.1, a Transfer-Encoding that does not end in chunked, bad percent-encoding, no Host) gets the
 *       JSON error of {@link MalformedRequests};
 *   <li>when the server starts shutting down, a request still being read is answered 503 with
 *       Retry-After and its connection closed; requests already read are finished as usual.
 * </ul>
 *
 * <p>One front door per HTTP server instance; every method runs on that server's event loop.
 */
public final class FrontDoor implements Handler<HttpServerRequest> {
  private final Vertx vertx;
  private final Router router;
  private final long boundMs;
  private final LongSupplier clock;
  private final DoorMetrics metrics;
  private final Map<HttpConnection, Visit> visits = new HashMap<>();
  private Context context;
  private boolean closing;

  public FrontDoor(Vertx vertx, Router router, Duration requestReadTimeout, MeterRegistry registry) {
    this.vertx = vertx;
    this.router = router;
    this.boundMs = requestReadTimeout.toMillis();
    this.clock = () -> System.nanoTime() / 1_000_000;
    this.metrics = new DoorMetrics(registry);
  }

  /**
   * The codec's limits the door's answers name (a request line and headers of 8 KB each), on HTTP/1.x only:
   * every client of a CDP destination speaks HTTP/1.1, and cleartext HTTP/2 would bypass the deadlines.
   */
  public static HttpServerOptions limits(HttpServerOptions options) {
    return options.setMaxInitialLineLength(MalformedRequests.MAX_LINE_BYTES).setMaxHeaderSize(MalformedRequests.MAX_HEADER_BYTES)
        .setHttp2ClearTextEnabled(false);
  }

  /** Puts the door in front of the router; call it on the server's own context, before it listens. */
  public HttpServer install(HttpServer server) {
    context = vertx.getOrCreateContext();
    // before every other route, so the end of each answer is seen whatever the routes do
    router.route().order(Integer.MIN_VALUE).handler(this::routed);
    return server.connectionHandler(this::opened).invalidRequestHandler(this::malformed).requestHandler(this);
  }

  /**
   * The server starts shutting down: every request still being read is answered 503 and its
   * connection closed, so that a slow upload does not hold the shutdown and its client resends at once.
   */
  public Future<Void> closing() {
    if (context == null) return Future.succeededFuture();
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closing = true;
      for (Visit visit : List.copyOf(visits.values())) {
        if (visit.current != null && !visit.current.isEnded()) visit.refuseWhileClosing();
      }
      done.complete();
    });
    return done.future();
  }

  private void opened(HttpConnection connection) {
    // Vert.x answers an HTTP version other than 1.0 or 1.1 itself, with a bare 501, before the server's
    // request handler; taking the connection's handler (Vert.x's own class: no public way exists) lets the
    // door answer it like every other request. Should Vert.x change this, HostileClientsTest sees the 501.
    if (connection instanceof Http1ServerConnection http1) http1.handler(this);
    if (closing) {
      connection.close();
      return;
    }
    Visit visit = new Visit(connection, new RequestDeadline(boundMs, clock.getAsLong()));
    visits.put(connection, visit);
    connection.closeHandler(v -> {
      visits.remove(connection);
      visit.closed();
    });
    visit.schedule();
  }

  /** A request whose headers arrived and that the codec could read. */
  @Override
  public void handle(HttpServerRequest request) {
    Visit visit = visits.get(request.connection());
    if (visit != null) visit.headersArrived(request);
    if (closing) {
      if (visit != null) visit.refuseWhileClosing();
      else request.connection().close();
      return;
    }
    Refusal refusal = MalformedRequests.check(request);
    if (refusal == null) {
      router.handle(request);
      return;
    }
    metrics.refused(refusal.code());
    if (refusal.close()) {
      metrics.cut("malformed");
      refuseAndClose(request.response(), request.connection(), refusal.status(), refusal.code(), refusal.message(), 0);
    } else {
      Responses.error(request.response(), refusal.status(), refusal.code(), refusal.message(), 0).onComplete(done -> {
        if (visit != null) visit.answered();
      });
    }
  }

  private void malformed(HttpServerRequest request) {
    Refusal refusal = MalformedRequests.of(request.decoderResult().cause());
    metrics.refused(refusal.code());
    metrics.cut("malformed");
    refuseAndClose(request.response(), request.connection(), refusal.status(), refusal.code(), refusal.message(), 0);
  }

  private void routed(RoutingContext ctx) {
    Visit visit = visits.get(ctx.request().connection());
    if (visit != null) ctx.addEndHandler(ended -> visit.answered());
    ctx.next();
  }

  private static void refuseAndClose(HttpServerResponse response, HttpConnection connection, int status, String code,
      String message, long retryAfterSeconds) {
    if (response.headWritten() || response.ended() || response.closed()) {
      connection.close();
      return;
    }
    response.putHeader("Connection", "close");
    Responses.error(response, status, code, message, retryAfterSeconds).onComplete(done -> connection.close());
  }

  /** One connection: its deadline, its timer, and the request it is on. */
  private final class Visit {
    private final HttpConnection connection;
    private final RequestDeadline deadline;
    private HttpServerRequest current;
    private long timer = -1;
    private boolean closed;

    Visit(HttpConnection connection, RequestDeadline deadline) {
      this.connection = connection;
      this.deadline = deadline;
    }

    void headersArrived(HttpServerRequest request) {
      current = request;
      deadline.headersArrived();
    }

    void answered() {
      current = null;
      deadline.answered(clock.getAsLong());
      schedule();
    }

    void schedule() {
      cancelTimer();
      long due = deadline.dueAt();
      // an answer may end after its connection closed (the client went away): no timer for it
      if (due == Long.MAX_VALUE || closed) return;
      timer = vertx.setTimer(Math.max(1, due - clock.getAsLong()), id -> {
        timer = -1;
        check();
      });
    }

    void closed() {
      closed = true;
      cancelTimer();
    }

    private void cancelTimer() {
      if (timer >= 0) vertx.cancelTimer(timer);
      timer = -1;
    }

    private void check() {
      if (current != null && current.isEnded()) deadline.bodyArrived();
      switch (deadline.check(clock.getAsLong())) {
        case KEEP -> schedule();
        case RECHECK -> timer = vertx.setTimer(RequestDeadline.RECHECK_MS, id -> {
          timer = -1;
          check();
        });
        case CLOSE -> {
          metrics.cut("idle");
          connection.close();
        }
        case ANSWER_TIMEOUT -> {
          metrics.cut("slow_request");
          refuseAndClose(current.response(), connection, 408, "REQUEST_TIMEOUT", "the request was not sent completely within "
              + seconds(deadline.boundMs()) + "; send each request in one go", 0);
        }
      }
    }

    void refuseWhileClosing() {
      metrics.cut("shutting_down");
      refuseAndClose(current.response(), connection, 503, "RETRY_LATER",
          "the server is shutting down; resend the request", 5);
    }
  }

  private static String seconds(long ms) {
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /** Counters for what the door did; Prometheus names. */
  private static final class DoorMetrics {
    private final MeterRegistry registry;

    DoorMetrics(MeterRegistry registry) {
      this.registry = registry;
    }

    void cut(String reason) {
      registry.counter("http_connections_cut_total", "reason", reason).increment();
    }

    void refused(String code) {
      registry.counter("http_malformed_requests_total", "code", code).increment();
    }
  }
}
