package io.hsdest.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contact-to-company associations (v4): the default association in batches, or a labelled one
 * with an explicit {@code associationTypeId}. Associations are a set in HubSpot, so resending one
 * is harmless; a failed association never fails the company write (it is a warning).
 */
final class AssociationLane implements LaneKind {
  private final Integer associationTypeId;

  AssociationLane(Integer associationTypeId) {
    this.associationTypeId = associationTypeId;
  }

  @Override
  public Endpoint endpoint() {
    return associationTypeId == null ? Endpoint.ASSOCIATIONS_DEFAULT : Endpoint.ASSOCIATIONS_CREATE;
  }

  @Override
  public Feeders.Category category() {
    return Feeders.Category.ASSOCIATIONS;
  }

  @Override
  public String recordKey(OpTask t) {
    return t.contactId + ">" + t.companyId;
  }


  @Override
  public HubSpotCall call(List<Input> batch, DeliveryEngine engine) {
    List<Map<String, Object>> inputs = new ArrayList<>(batch.size());
    for (Input in : batch) {
      OpTask t = in.first();
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("from", Map.of("id", t.contactId));
      input.put("to", Map.of("id", t.companyId));
      if (associationTypeId != null) {
        input.put("types", List.of(Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", associationTypeId)));
      }
      inputs.add(input);
    }
    Map<String, Object> body = Map.of("inputs", inputs);
    return associationTypeId == null
        ? engine.calls.associateDefault("contacts", "companies", body)
        : engine.calls.associateLabelled("contacts", "companies", body);
  }

  @Override
  public void answered(HubSpotResponse r, List<Input> batch, DeliveryEngine engine) {
    if (!r.isSuccess()) {
      HubSpotError e = HubSpotError.of(r);
      if (batch.size() > 1) engine.split(batch, e);
      else engine.settleFailed(batch.get(0), "ASSOCIATION_FAILED", e.describe());
      return;
    }
    List<HubSpotError> errors = new ArrayList<>();
    for (JsonNode item : r.json().path("errors")) errors.add(HubSpotError.ofItem(item, r.correlationId()));
    List<HubSpotError> unattributed = new ArrayList<>(errors);
    List<Input> clean = new ArrayList<>();
    for (Input in : batch) {
      HubSpotError named = named(in.first(), errors);
      if (named == null) {
        clean.add(in);
      } else {
        unattributed.remove(named);
        engine.settleFailed(in, "ASSOCIATION_FAILED", named.describe());
      }
    }
    if (unattributed.isEmpty()) {
      for (Input in : clean) engine.settleSucceeded(in, null, List.of());
    } else {
      engine.split(clean, unattributed.get(0)); // an error names no input: halves until it does
    }
  }

  /** The error item about this association: it names the contact or the company id. */
  private static HubSpotError named(OpTask t, List<HubSpotError> errors) {
    for (HubSpotError e : errors) {
      String text = " " + e.message() + " " + e.ids();
      if (e.ids().contains(t.contactId) || e.ids().contains(t.companyId)
          || text.matches("(?s).*\\b(" + t.contactId + "|" + t.companyId + ")\\b.*")) {
        return e;
      }
    }
    return null;
  }
}
