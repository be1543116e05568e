package io.hsdest.ingest;

import io.hsdest.delivery.Arrival;
import io.hsdest.delivery.MessageResult;
import io.hsdest.ingest.SegmentMessageParser.Accepted;
import io.hsdest.ingest.SegmentMessageParser.Item;
import io.hsdest.ingest.SegmentMessageParser.ParsedBody;
import io.hsdest.ingest.SegmentMessageParser.Rejected;
import io.hsdest.ingest.message.Message;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a request on any Segment-compatible path: authenticates the write key (Basic user name,
 * else {@code writeKey} in the body), reads and parses the body, hands the messages to the
 * destination's pipeline, and answers per interface.md.
 */
final class IngestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

  enum Mode { BATCH, SINGLE, VALIDATE }

  private final Destinations destinations;
  private final SegmentMessageParser parser = new SegmentMessageParser();
  private final long requestTimeoutMs;
  private final IngestMetrics metrics;

  IngestHandler(Destinations destinations, long requestTimeoutMs, MeterRegistry metrics) {
    this.destinations = destinations;
    this.requestTimeoutMs = requestTimeoutMs;
    this.metrics = new IngestMetrics(metrics);
  }

  void handle(RoutingContext ctx, Mode mode, String pathType) {
    Instant received = Instant.now();
    boolean loopback = Loopback.is(ctx.request().remoteAddress());
    String headerKey = basicUser(ctx.request().getHeader("Authorization"));
    Destination destination = headerKey != null ? destinations.forWriteKey(headerKey, loopback) : null;
    if (destination != null && mode != Mode.VALIDATE && refusedForLoad(ctx, destination)) return;
    // from here until delivery takes the plans, batches of requests sent together may wait for this one
    Arrival arrival = destination != null && mode != Mode.VALIDATE ? destination.arriving() : Arrival.NONE;
    try {
      byte[] body = RequestBodies.read(ctx);
      ParsedBody parsed = mode == Mode.SINGLE ? parser.parseSingle(body, pathType, received) : parser.parseBatch(body, received);
      if (destination == null) {
        destination = destinations.forWriteKey(parsed.writeKey(), loopback);
        if (mode != Mode.VALIDATE && refusedForLoad(ctx, destination)) return;
      }
      process(ctx, destination, parsed, mode == Mode.VALIDATE, arrival);
    } catch (RuntimeException | Error e) {
      arrival.close();
      throw e;
    }
  }

  /**
   * /v1/validate for a destination the caller already chose and authorized (the console's event tester): the body
   * is a batch ({@code {"batch":[...]}}) or one message carrying its {@code type}; the answer is /v1/validate's.
   */
  void validateFor(RoutingContext ctx, Destination d) {
    Instant received = Instant.now();
    byte[] body = RequestBodies.read(ctx);
    ParsedBody parsed = isBatch(body) ? parser.parseBatch(body, received) : parser.parseSingle(body, null, received);
    process(ctx, d, parsed, true, Arrival.NONE);
  }

  private static boolean isBatch(byte[] body) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = io.hsdest.hubspot.JsonBodies.MAPPER.readTree(body);
      return tree != null && tree.isObject() && tree.has("batch");
    } catch (java.io.IOException e) {
      return false; // the single-message parser names what is wrong
    }
  }

  /** Closes {@code arrival} once the results are in (delivery took it earlier, unless it never reached delivery). */
  private void process(RoutingContext ctx, Destination d, ParsedBody parsed, boolean validate, Arrival arrival) {
    List<Message> messages = new ArrayList<>(parsed.items().size());
    for (Item item : parsed.items()) {
      if (item instanceof Accepted a) {
        messages.add(a.message());
        metrics.received(d.id(), a.message().type());
      }
    }
    Future<List<MessageResult>> results = messages.isEmpty() ? Future.succeededFuture(List.of())
        : validate ? d.validate(messages, requestTimeoutMs) : d.deliver(messages, requestTimeoutMs, arrival);
    boolean showRequests = validate || d.config().settings().dryRun();
    results.onComplete(ar -> {
      arrival.close();
      respond(ctx, d, parsed, ar, showRequests);
    });
  }

  private void respond(RoutingContext ctx, Destination d, ParsedBody parsed, AsyncResult<List<MessageResult>> ar,
      boolean showRequests) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    if (ar.failed()) {
      LOG.error("destination {}: delivering a request failed unexpectedly", d.id(), ar.cause());
      Responses.error(ctx, 503, "RETRY_LATER", "the server could not process the request; retry it", 5);
      return;
    }
    List<Object> out = new ArrayList<>(parsed.items().size());
    int next = 0;
    List<Rejected> rejected = new ArrayList<>();
    List<MessageResult> pending = new ArrayList<>();
    for (Item item : parsed.items()) {
      if (item instanceof Rejected r) {
        rejected.add(r);
        out.add(Responses.rejected(r));
        continue;
      }
      MessageResult result = ar.result().get(next++);
      if (!result.isFinal()) pending.add(result);
      else outcome(d, result);
      out.add(Responses.result(result, showRequests));
    }
    if (!pending.isEmpty()) {
      Responses.notFinal(ctx, pending, out);
    } else if (!rejected.isEmpty()) {
      Responses.rejectedBatch(ctx, rejected, out);
    } else {
      Responses.ok(ctx, out);
    }
  }

  private void outcome(Destination d, MessageResult r) {
    metrics.outcome(d.id(), r.type(), r.outcome().name());
  }

  /** Under overload, a request is answered 429 (or 503) before it costs any parsing or mapping. */
  private static boolean refusedForLoad(RoutingContext ctx, Destination d) {
    var busy = d.busy();
    if (busy == null) return false;
    long seconds = Math.max(1, (busy.retryAfterMs() + 999) / 1000);
    Responses.error(ctx, busy.kind() == io.hsdest.delivery.MessageResult.Pending.Kind.RATE_LIMITED ? 429 : 503,
        busy.kind() == io.hsdest.delivery.MessageResult.Pending.Kind.RATE_LIMITED ? "RATE_LIMITED" : "RETRY_LATER",
        busy.why() + "; resend the request", seconds);
    return true;
  }

  /** The user name of a Basic Authorization header (Segment puts the write key there, password empty). */
  static String basicUser(String header) {
    if (header == null) return null;
    String h = header.trim();
    if (!h.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    try {
      String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      String user = colon < 0 ? decoded : decoded.substring(0, colon);
      return user.isBlank() ? null : user;
    } catch (IllegalArgumentException e) {
      throw new IngestError(401, "INVALID_AUTHORIZATION", "the Basic Authorization header is not valid base64");
    }
  }
}
