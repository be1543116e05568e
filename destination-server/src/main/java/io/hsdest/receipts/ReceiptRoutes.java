package io.hsdest.receipts;

import io.hsdest.ingest.Destination;
import io.hsdest.ingest.Destinations;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /v1/messages/{messageId}}: a message's receipt, for the destination whose write key the
 * request carries (Basic auth, as for ingest); {@code 404} JSON when the message is unknown.
 */
public final class ReceiptRoutes {
  private ReceiptRoutes() {}

  public static void mount(Router router, Destinations destinations, Function<Destination, Receipts> receiptsOf) {
    router.routeWithRegex(HttpMethod.GET, "/v1/messages/([^/]+)/?").handler(ctx -> find(ctx, destinations, receiptsOf));
  }

  private static void find(RoutingContext ctx, Destinations destinations, Function<Destination, Receipts> receiptsOf) {
    Destination d = destinations.authenticate(ctx.request(), null);
    String messageId = ctx.pathParam("param0");
    Receipt r = receiptsOf.apply(d).find(messageId);
    if (r == null) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json; charset=utf-8")
          .end(Json.encode(Map.of("success", false, "error", Map.of("code", "MESSAGE_NOT_FOUND", "message",
              "no message " + messageId + " is known to this destination (never received; in sync mode, answered 429 or 503"
                  + " and not sent again since; or its receipt is older than receiptRetentionHours)"))));
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(Json.encode(r));
  }
}
