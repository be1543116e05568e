package io.hsdest.delivery.wire;

import io.hsdest.delivery.batch.Input;
import io.hsdest.delivery.batch.Queued;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.policy.Verdict.Done;
import io.hsdest.delivery.policy.Verdict.Fail;
import io.hsdest.delivery.policy.Verdict.Next;
import io.hsdest.delivery.policy.Verdict.Resend;
import io.hsdest.delivery.policy.Verdict.Split;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.EventSend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Custom behavioral event occurrences: one {@code /events/v3/send} for a single occurrence, else
 * {@code /send/batch} with up to 500. HubSpot answers a batch as a whole: an error that names its
 * input ({@code inputs[3]: ...}) fails that one and resends the others; otherwise the batch is split
 * until the bad occurrence stands alone. An objectId HubSpot does not know (a contact merged or
 * deleted since it was remembered) is forgotten and the event goes on without it. Two sends of the
 * same uuid are one occurrence.
 */
final class EventCodec implements Codec {
  private static final Pattern INPUT_INDEX = Pattern.compile("^inputs\\[(\\d+)]");

  @Override
  public <T extends Queued> HubSpotCall encode(List<Input<T>> batch, WireContext ctx) {
    if (batch.size() == 1) return ctx.calls().sendEvent(body((EventSend) batch.get(0).first().op()));
    List<Map<String, Object>> inputs = new ArrayList<>(batch.size());
    for (Input<T> in : batch) inputs.add(body((EventSend) in.first().op()));
    return ctx.calls().sendEvents(Map.of("inputs", inputs));
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
  public <T extends Queued> List<Verdict> decode(HubSpotResponse r, List<Input<T>> batch, WireContext ctx) {
    List<Verdict> out = new ArrayList<>(batch.size());
    if (r.isSuccess()) {
      for (int i = 0; i < batch.size(); i++) out.add(Done.plain());
      return out;
    }
    HubSpotError e = HubSpotError.of(r);
    int named = batch.size() > 1 ? namedInput(e) : 0;
    for (int i = 0; i < batch.size(); i++) {
      if (batch.size() > 1 && named < 0) out.add(new Split(e.describe()));
      else if (i == named) out.add(refused((EventSend) batch.get(i).first().op(), e));
      else out.add(new Resend("another occurrence of the call was refused"));
    }
    return out;
  }

  /** The input an error names ({@code inputs[3]: ...}), or -1. */
  private static int namedInput(HubSpotError e) {
    if (e.message() == null) return -1;
    Matcher m = INPUT_INDEX.matcher(e.message());
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static Verdict refused(EventSend event, HubSpotError e) {
    String message = e.message() == null ? "" : e.message().toLowerCase(Locale.ROOT);
    if (message.contains("uuid") && message.contains("already")) {
      return Done.plain(); // HubSpot already has this occurrence: a resend of a delivered event is delivered
    }
    if (event.objectId() != null && message.contains("objectid " + event.objectId().toLowerCase(Locale.ROOT))) {
      return new Next(op -> ((EventSend) op).withContactId(null), List.of(Warning.of(Reason.STALE_RECORD_ID, null,
          "HubSpot has no contact " + event.objectId() + " any more (merged or deleted); the event goes by its other identifiers")),
          Verdict.Stale.contact(event.objectId()), null);
    }
    return new Fail(Reason.HUBSPOT_VALIDATION, e.describe());
  }
}
