package io.hsdest.ingest;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the request body as raw bytes, at most 500 KB: a declared length over the limit is refused
 * before a byte is read, a longer stream as soon as it passes the limit. Unlike vertx-web's body
 * handler it never interprets the bytes (RudderStack's Node SDK labels its gzip bodies as
 * {@code application/x-www-form-urlencoded}, and they must not be parsed as a form).
 */
final class RawBody implements Handler<RoutingContext> {
  static final String KEY = "hsdest.rawBody";

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader("Content-Length");
    if (declared != null) {
      try {
        long length = Long.parseLong(declared.trim());
        if (length > RequestBodies.MAX_REQUEST_BYTES) {
          ctx.fail(RequestBodies.tooLarge(length));
          return;
        }
      } catch (NumberFormatException e) {
        ctx.fail(new IngestError(400, "INVALID_CONTENT_LENGTH", "the Content-Length header is not a number"));
        return;
      }
    }
    // a client that asked (curl does, for larger bodies) is told to go on only once the declared length passed
    if (request.headers().contains("Expect", "100-continue", true) && !request.response().headWritten()) {
      request.response().writeContinue();
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) return;
      if (body.length() + chunk.length() > RequestBodies.MAX_REQUEST_BYTES) {
        refused[0] = true;
        ctx.fail(RequestBodies.tooLarge(body.length() + chunk.length()));
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(e -> {
      if (!refused[0]) {
        refused[0] = true;
        ctx.fail(new IngestError(400, "INCOMPLETE_BODY", "the request body could not be read completely"));
      }
    });
    request.endHandler(v -> {
      if (refused[0]) return;
      ctx.put(KEY, body);
      ctx.next();
    });
    request.resume();
  }
}
