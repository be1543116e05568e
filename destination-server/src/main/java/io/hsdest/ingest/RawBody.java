package io.hsdest.ingest;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Reads an ingest request's body as raw bytes, at most 500 KB ({@link BoundedBodies}), into one buffer. */
final class RawBody implements Handler<RoutingContext> {
  static final String KEY = "hsdest.rawBody";

  @Override
  public void handle(RoutingContext ctx) {
    BoundedBodies.read(ctx, RequestBodies.MAX_REQUEST_BYTES, RequestBodies::tooLarge, chunks -> {
      Buffer body = Buffer.buffer();
      for (Buffer chunk : chunks) body.appendBuffer(chunk);
      ctx.put(KEY, body);
      ctx.next();
    });
  }
}
