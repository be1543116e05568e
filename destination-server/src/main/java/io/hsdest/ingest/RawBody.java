package io.hsdest.ingest;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads an ingest request's body as raw bytes, at most 500 KB ({@link BoundedBodies}), into one array of its
 * exact length: copied once, as parsing and the log read it whole.
 */
final class RawBody implements Handler<RoutingContext> {
  static final String KEY = "hsdest.rawBody";

  @Override
  public void handle(RoutingContext ctx) {
    BoundedBodies.read(ctx, RequestBodies.MAX_REQUEST_BYTES, RequestBodies::tooLarge, chunks -> {
      int length = 0;
      for (Buffer chunk : chunks) length += chunk.length();
      byte[] body = new byte[length];
      int at = 0;
      for (Buffer chunk : chunks) {
        chunk.getBytes(body, at);
        at += chunk.length();
      }
      ctx.put(KEY, body);
      ctx.next();
    });
  }
}
