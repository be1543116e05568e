package io.hsdest.delivery;

import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.op.EventSend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Custom behavioral event occurrences: one {@code /events/v3/send} for a single occurrence, else
 * {@code /send/batch} with up to 500. HubSpot answers a batch as a whole, so a refused batch is
 * split until the bad occurrence stands alone and fails by itself. Two sends of the same uuid
 * (a client's resend while the first is queued) are one occurrence.
 */
final class EventLane implements LaneKind {

  @Override
  public Endpoint endpoint() {
    return Endpoint.EVENTS_SEND_BATCH;
  }

  @Override
  public Feeders.Category category() {
    return Feeders.Category.EVENTS;
  }

  @Override
  public String recordKey(OpTask t) {
    return ((EventSend) t.op).uuid();
  }


  @Override
  public HubSpotCall call(List<Input> batch, DeliveryEngine engine) {
    if (batch.size() == 1) return engine.calls.sendEvent(body((EventSend) batch.get(0).first().op));
    List<Map<String, Object>> inputs = new ArrayList<>(batch.size());
    for (Input in : batch) inputs.add(body((EventSend) in.first().op));
    return engine.calls.sendEvents(Map.of("inputs", inputs));
  }

  static Map<String, Object> body(EventSend e) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("eventName", e.eventName());
    if (e.email() != null) b.put("email", e.email());
    if (e.utk() != null) b.put("utk", e.utk());
    if (e.objectId() != null) b.put("objectId", e.objectId());
    b.put("occurredAt", e.occurredAt());
    b.put("uuid", e.uuid());
    b.put("properties", e.properties());
    return b;
  }

  @Override
  public void answered(HubSpotResponse r, List<Input> batch, DeliveryEngine engine) {
    if (r.isSuccess()) {
      for (Input in : batch) engine.settleSucceeded(in, null, List.of());
      return;
    }
    HubSpotError e = HubSpotError.of(r);
    if (batch.size() > 1) {
      engine.split(batch, e);
      return;
    }
    if (e.message() != null && e.message().toLowerCase(java.util.Locale.ROOT).contains("uuid")
        && e.message().toLowerCase(java.util.Locale.ROOT).contains("already")) {
      // HubSpot already has this occurrence: a resend of a delivered event is delivered
      engine.settleSucceeded(batch.get(0), null, List.of());
      return;
    }
    engine.settleFailed(batch.get(0), "HUBSPOT_VALIDATION", e.describe());
  }
}
