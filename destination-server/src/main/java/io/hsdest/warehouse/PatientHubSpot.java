package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warehouse's HubSpot reads, through the destination's paced client (one rate budget per token), retried
 * with {@link Backoff} while HubSpot answers 429, 423, 477, 5xx or not at all. A read HubSpot refuses for good
 * (401, 403, 400) fails the run with HubSpot's own words. Counts every call it sends, retries included.
 */
final class PatientHubSpot {
  private final Vertx vertx;
  private final HubSpotApi api;
  private final Backoff backoff;
  private final SplittableRandom random = new SplittableRandom();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  PatientHubSpot(Vertx vertx, HubSpotApi api, Backoff backoff) {
    this.vertx = vertx;
    this.api = api;
    this.backoff = backoff;
  }

  /** The answer's JSON (2xx, 207 included); anything else fails as a {@link SyncFailure}. */
  Future<JsonNode> json(HubSpotCall call) {
    return answer(call).compose(r -> r.isSuccess() ? Future.succeededFuture(r.json())
        : Future.failedFuture(refused(call, r)));
  }

  /** HubSpot's answer once it is not one to retry (any status), or a failure when the retries ran out. */
  Future<HubSpotResponse> answer(HubSpotCall call) {
    Promise<HubSpotResponse> done = Promise.promise();
    attempt(call, 1, done);
    return done.future();
  }

  static SyncFailure refused(HubSpotCall call, HubSpotResponse r) {
    return new SyncFailure(call.endpoint().metricName + " " + HubSpotError.of(r).describe());
  }

  long calls() {
    return calls.get();
  }

  long retries() {
    return retries.get();
  }

  private void attempt(HubSpotCall call, int n, Promise<HubSpotResponse> done) {
    calls.incrementAndGet();
    api.call(call).onComplete(ar -> {
      long retryAfter = -1;
      boolean secondly = false;
      String why;
      if (ar.succeeded()) {
        HubSpotResponse r = ar.result();
        if (r.isSuccess()) {
          done.complete(r);
          return;
        }
        HubSpotError e = HubSpotError.of(r);
        if (!e.kind().retryable) {
          done.complete(r);
          return;
        }
        retryAfter = e.retryAfterMs();
        secondly = "SECONDLY".equals(e.policyName());
        why = e.describe();
      } else {
        why = ar.cause().getMessage();
      }
      if (n >= backoff.maxAttempts()) {
        done.fail(new SyncFailure(call.endpoint().metricName + ": HubSpot still failing after " + n + " attempts ("
            + why + "); the next run resumes here"));
        return;
      }
      retries.incrementAndGet();
      vertx.setTimer(Math.max(1, backoff.delayMs(n, retryAfter, secondly, random)), t -> attempt(call, n + 1, done));
    });
  }
}
