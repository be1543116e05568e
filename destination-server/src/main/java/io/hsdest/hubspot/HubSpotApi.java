package io.hsdest.hubspot;

import io.vertx.core.Future;

/**
 * Sends calls to HubSpot. The future fails only when no HTTP answer arrived (connection error,
 * timeout: {@link HubSpotTransportException}); every HTTP status, success or not, is a response.
 */
public interface HubSpotApi {
  Future<HubSpotResponse> call(HubSpotCall call);

  /** False for the dry-run sink: nothing leaves the machine. */
  boolean live();
}
