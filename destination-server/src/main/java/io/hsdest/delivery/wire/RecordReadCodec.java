package io.hsdest.delivery.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.delivery.batch.Input;
import io.hsdest.delivery.batch.Queued;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.resolve.ReadStep;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Batch reads of contacts or companies for the steps that need a record ({@link ReadStep}: a claim
 * check, a lookup by a unique property): one call for the whole batch, each step then decides from
 * what was found for it. A record HubSpot does not have is simply not found.
 */
final class RecordReadCodec implements Codec {

  @Override
  public <T extends Queued> HubSpotCall encode(List<Input<T>> batch, WireContext ctx) {
    ReadStep first = (ReadStep) batch.get(0).first().op();
    List<String> values = new ArrayList<>(batch.size());
    for (Input<T> in : batch) values.add(((ReadStep) in.first().op()).value());
    return ctx.calls().read(first.objectType(), first.idProperty(), first.properties(), values);
  }

  @Override
  public <T extends Queued> List<Verdict> decode(HubSpotResponse r, List<Input<T>> batch, WireContext ctx) {
    ReadStep first = (ReadStep) batch.get(0).first().op();
    Map<String, JsonNode> found = new HashMap<>();
    if (r.isSuccess()) {
      for (JsonNode record : r.json().path("results")) {
        String key = first.idProperty() == null ? record.path("id").asText()
            : record.path("properties").path(first.idProperty()).asText();
        found.put(key.toLowerCase(Locale.ROOT), record);
      }
    }
    String refusal = r.isSuccess() ? null : HubSpotError.of(r).describe();
    List<Verdict> out = new ArrayList<>(batch.size());
    for (Input<T> in : batch) {
      ReadStep step = (ReadStep) in.first().op();
      out.add(step.found(found.get(step.value().toLowerCase(Locale.ROOT)), refusal));
    }
    return out;
  }
}
