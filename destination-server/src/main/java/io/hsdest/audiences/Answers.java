package io.hsdest.audiences;

import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import io.vertx.core.Future;

/** HubSpot's answer to one call; no answer at all becomes a {@link SyncFailure} that names what was being done. */
final class Answers {
  private Answers() {}

  static Future<HubSpotResponse> to(HubSpotApi hubspot, HubSpotCall call, String what) {
    return hubspot.call(call).recover(e -> Future.failedFuture(e instanceof SyncFailure ? e : SyncFailure.noAnswer(what, e)));
  }
}
