package io.hsdest.emailevents;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * Reads pages of HubSpot's email events API through the destination's paced {@link HubSpotApi} (the token's one rate
 * budget, shared with delivery and list syncs), at most one call per {@link ExportTuning#minCallIntervalMs()}. 429, 5xx and unanswered calls are tried again with backoff (honouring
 * {@code Retry-After}) for at most {@link ExportTuning#hubspotMaxWaitMs()}; a 400 to a call with an offset means the
 * offset expired ({@link OffsetExpired}: read the window again from its start); 401, 403 and other 4xx stop the poll.
 * Runs on the export's context.
 */
final class EventReader {
  /** One page: events newest first, and the offset of the next page when HubSpot has more. */
  record Page(List<JsonNode> events, boolean hasMore, String offset) {}

  /** HubSpot no longer knows the offset (offsets are short-lived and bound to their query). */
  static final class OffsetExpired extends RuntimeException {
    OffsetExpired(String message) {
      super(message, null, false, false);
    }
  }

  /** Reading stopped: {@code HUBSPOT_UNAVAILABLE} (retries used up) or {@code HUBSPOT_REFUSED} (auth, scope, 4xx). */
  static final class HubSpotFailure extends RuntimeException {
    final String code;

    HubSpotFailure(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private final Vertx vertx;
  private final HubSpotApi api;
  private final Calls calls;
  private final ExportTuning tuning;
  private final BiConsumer<String, String> onError;
  private final SplittableRandom random = new SplittableRandom();
  private long lastCallAt;

  /** @param onError told of every unsuccessful answer: (status or {@code no_answer}, description) */
  EventReader(Vertx vertx, HubSpotApi api, Calls calls, ExportTuning tuning, BiConsumer<String, String> onError) {
    this.vertx = vertx;
    this.api = api;
    this.calls = calls;
    this.tuning = tuning;
    this.onError = onError;
  }

  /** The page of events with {@code start <= created <= end} at {@code offset} (null = the first). */
  Future<Page> page(long start, long end, String eventType, String offset) {
    return attempt(start, end, eventType, offset, System.currentTimeMillis() + tuning.hubspotMaxWaitMs(), 0);
  }

  private Future<Page> attempt(long start, long end, String eventType, String offset, long deadline, int attempt) {
    long pause = lastCallAt + tuning.minCallIntervalMs() - System.currentTimeMillis();
    if (pause > 0) {
      Promise<Page> later = Promise.promise();
      vertx.setTimer(pause, t -> attempt(start, end, eventType, offset, deadline, attempt).onComplete(later));
      return later.future();
    }
    lastCallAt = System.currentTimeMillis();
    return api.call(calls.emailEvents(start, end, eventType, offset, tuning.pageSize())).transform(ar -> {
      long asked = -1;
      String why;
      if (ar.succeeded()) {
        HubSpotResponse r = ar.result();
        if (r.isSuccess()) return parse(r);
        HubSpotError error = HubSpotError.of(r);
        why = error.describe();
        onError.accept(Integer.toString(r.status()), why);
        if (r.status() == 400 && offset != null) return Future.failedFuture(new OffsetExpired(why));
        if (!error.kind().retryable) {
          String hint = r.status() == 403 ? " (the private app needs the content scope)" : "";
          return Future.failedFuture(new HubSpotFailure("HUBSPOT_REFUSED",
              "HubSpot refused reading email events: " + why + hint));
        }
        asked = error.retryAfterMs();
      } else {
        why = "no answer from HubSpot (" + ar.cause().getMessage() + ")";
        onError.accept("no_answer", why);
      }
      long wait = tuning.hubspotBackoff().delayMs(attempt, asked, random.nextDouble());
      if (System.currentTimeMillis() + wait > deadline) {
        return Future.failedFuture(new HubSpotFailure("HUBSPOT_UNAVAILABLE", "HubSpot's email events API stayed "
            + "unavailable for " + tuning.hubspotMaxWaitMs() / 1000 + " s (last: " + why + "); the next poll goes on"));
      }
      Promise<Page> later = Promise.promise();
      vertx.setTimer(Math.max(1, wait), t -> attempt(start, end, eventType, offset, deadline, attempt + 1).onComplete(later));
      return later.future();
    });
  }

  private static Future<Page> parse(HubSpotResponse r) {
    JsonNode body = r.json();
    JsonNode events = body.path("events");
    if (!events.isArray()) {
      return Future.failedFuture(new HubSpotFailure("HUBSPOT_UNREADABLE", "HubSpot's answer has no events array"));
    }
    List<JsonNode> list = new ArrayList<>(events.size());
    events.forEach(list::add);
    boolean more = body.path("hasMore").asBoolean(false);
    String offset = body.path("offset").asText(null);
    if (more && (offset == null || offset.isEmpty())) {
      return Future.failedFuture(new HubSpotFailure("HUBSPOT_UNREADABLE", "HubSpot said it has more events but gave no offset"));
    }
    return Future.succeededFuture(new Page(list, more, offset));
  }
}
