package io.hsdest.console;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A small request body, read whole up to a limit: the sign-in form's fields, or the tester's JSON. */
final class FormBody {
  private FormBody() {}

  /** The raw body, failing with {@link TooLarge} past {@code maxBytes} (declared or streamed). */
  static Future<Buffer> read(RoutingContext ctx, int maxBytes) {
    String declared = ctx.request().getHeader("Content-Length");
    try {
      if (declared != null && Long.parseLong(declared.trim()) > maxBytes) return Future.failedFuture(new TooLarge(maxBytes));
    } catch (NumberFormatException e) {
      return Future.failedFuture(new TooLarge(maxBytes));
    }
    Promise<Buffer> done = Promise.promise();
    Buffer body = Buffer.buffer();
    ctx.request().handler(chunk -> {
      if (body.length() + chunk.length() > maxBytes) {
        done.tryFail(new TooLarge(maxBytes));
        return;
      }
      body.appendBuffer(chunk);
    });
    ctx.request().exceptionHandler(done::tryFail);
    ctx.request().endHandler(v -> done.tryComplete(body));
    ctx.request().resume();
    return done.future();
  }

  /** {@code a=1&b=2} (application/x-www-form-urlencoded) as a map; repeated names keep the first value. */
  static Map<String, String> fields(Buffer body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.toString(StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(name, value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The body passed the limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge(int maxBytes) {
      super("the body is over " + maxBytes + " bytes", null, false, false);
    }
  }
}
