package io.hsdest.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Reads a request's body as raw bytes, at most {@code maxBytes}: a declared length over the limit is refused
 * before a byte is read, a longer stream as soon as it passes the limit, a broken stream with a 400. The chunks
 * are kept as they came. Unlike vertx-web's body handler it never interprets the bytes (RudderStack's Node SDK
 * labels its gzip bodies as {@code application/x-www-form-urlencoded}, and they must not be parsed as a form).
 */
public final class BoundedBodies {
  private BoundedBodies() {}

  /**
   * @param tooLarge the 413 to answer for a body of the given length
   * @param read gets the chunks once the whole body arrived
   */
  public static void read(RoutingContext ctx, long maxBytes, LongFunction<IngestError> tooLarge, Consumer<List<Buffer>> read) {
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader("Content-Length");
    if (declared != null) {
      try {
        long length = Long.parseLong(declared.trim());
        if (length > maxBytes) {
          ctx.fail(tooLarge.apply(length));
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
    List<Buffer> chunks = new ArrayList<>();
    long[] size = {0};
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) return;
      size[0] += chunk.length();
      if (size[0] > maxBytes) {
        refused[0] = true;
        chunks.clear();
        ctx.fail(tooLarge.apply(size[0]));
        return;
      }
      chunks.add(chunk);
    });
    request.exceptionHandler(e -> {
      if (!refused[0]) {
        refused[0] = true;
        ctx.fail(new IngestError(400, "INCOMPLETE_BODY", "the request body could not be read completely"));
      }
    });
    request.endHandler(v -> {
      if (!refused[0]) read.accept(chunks);
    });
    request.resume();
  }
}
