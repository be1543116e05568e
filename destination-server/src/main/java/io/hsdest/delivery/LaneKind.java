package io.hsdest.delivery;

import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import java.util.List;

/**
 * What a lane sends and how it reads the answer. The engine handles the answers every endpoint
 * shares (429, 423, 477, 5xx, 401, 403, no answer); a kind sees the rest (2xx, 207, 400, 404, 409)
 * and settles each input through the engine.
 */
interface LaneKind {
  Endpoint endpoint();

  /** What the lane does, for batches that hold for operations on their way to it ({@link Feeders}). */
  Feeders.Category category();

  default int maxInputs() {
    return endpoint().maxInputs;
  }

  /** Whether one more input still fits the call (beyond {@link #maxInputs}, e.g. a body size limit). */
  default boolean fits(java.util.List<Input> batch, Input next) {
    return true;
  }

  /** Operations with the same record key write the same HubSpot record. */
  String recordKey(OpTask task);


  /** Builds the call for a batch; may record per-input state (trace ids, what was sent). */
  HubSpotCall call(List<Input> batch, DeliveryEngine engine);

  void answered(HubSpotResponse response, List<Input> batch, DeliveryEngine engine);
}
