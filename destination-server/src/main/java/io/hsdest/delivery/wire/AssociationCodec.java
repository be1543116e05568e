package io.hsdest.delivery.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.delivery.batch.Input;
import io.hsdest.delivery.batch.Queued;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.policy.Verdict.Done;
import io.hsdest.delivery.policy.Verdict.Fail;
import io.hsdest.delivery.policy.Verdict.Split;
import io.hsdest.delivery.resolve.StaleRecords;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.op.Association;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contact-to-company associations (v4): the default association in batches, or a labelled one
 * with an explicit {@code associationTypeId}. Associations are a set in HubSpot, so resending one
 * is harmless; a failed association never fails the company write (it is a warning). A contact or
 * company id HubSpot refuses is forgotten and found again by its key ({@link StaleRecords}).
 */
final class AssociationCodec implements Codec {

  @Override
  public <T extends Queued> HubSpotCall encode(List<Input<T>> batch, WireContext ctx) {
    List<Map<String, Object>> inputs = new ArrayList<>(batch.size());
    Integer type = null;
    for (Input<T> in : batch) {
      Association a = (Association) in.first().op();
      type = a.associationTypeId();
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("from", Map.of("id", a.contactId()));
      input.put("to", Map.of("id", a.companyId()));
      if (type != null) {
        input.put("types", List.of(Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", type)));
      }
      inputs.add(input);
    }
    Map<String, Object> body = Map.of("inputs", inputs);
    return type == null ? ctx.calls().associateDefault("contacts", "companies", body)
        : ctx.calls().associateLabelled("contacts", "companies", body);
  }

  @Override
  public <T extends Queued> List<Verdict> decode(HubSpotResponse r, List<Input<T>> batch, WireContext ctx) {
    List<Verdict> out = new ArrayList<>(batch.size());
    if (!r.isSuccess()) {
      HubSpotError e = HubSpotError.of(r);
      for (Input<T> in : batch) {
        Association a = (Association) in.first().op();
        Verdict stale = StaleRecords.associationRefused(a, e, in.first().wentThrough(io.hsdest.delivery.resolve.RecordLookup.class));
        out.add(stale != null ? stale : batch.size() > 1 ? new Split(e.describe()) : new Fail(Reason.ASSOCIATION_FAILED, e.describe()));
      }
      if (out.stream().anyMatch(v -> !(v instanceof Split)) && out.stream().anyMatch(v -> v instanceof Split)) {
        // the refusal was about the named ones: the others go again as they are
        out.replaceAll(v -> v instanceof Split ? new Verdict.Resend("another association of the call was refused") : v);
      }
      return out;
    }
    List<HubSpotError> errors = new ArrayList<>();
    for (JsonNode item : r.json().path("errors")) errors.add(HubSpotError.ofItem(item, r.correlationId()));
    List<HubSpotError> unattributed = new ArrayList<>(errors);
    for (Input<T> in : batch) {
      Association a = (Association) in.first().op();
      HubSpotError named = StaleRecords.naming(a, errors);
      if (named == null) {
        out.add(null);
        continue;
      }
      unattributed.remove(named);
      Verdict stale = StaleRecords.associationRefused(a, named, in.first().wentThrough(io.hsdest.delivery.resolve.RecordLookup.class));
      out.add(stale != null ? stale : new Fail(Reason.ASSOCIATION_FAILED, named.describe()));
    }
    // an error that names no input: halves until it does
    Verdict clean = unattributed.isEmpty() ? Done.plain() : new Split(unattributed.get(0).describe());
    out.replaceAll(v -> v == null ? clean : v);
    return out;
  }
}
