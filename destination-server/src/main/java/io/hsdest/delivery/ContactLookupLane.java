package io.hsdest.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.op.EventSend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An event that names only a userId whose contact this server has not written (made by another
 * server, an import, or before this one's store was wiped): with {@code userIdProperty}, HubSpot is
 * asked for the contact that holds that userId, one batch read for many users, and the event
 * goes with its objectId. A userId no contact holds leaves the event without an identifier.
 */
final class ContactLookupLane implements LaneKind {
  private final String idProperty;

  ContactLookupLane(String idProperty) {
    this.idProperty = idProperty;
  }

  @Override
  public Endpoint endpoint() {
    return Endpoint.CONTACTS_READ;
  }

  @Override
  public Feeders.Category category() {
    return Feeders.Category.CONTACT_READS;
  }

  @Override
  public String recordKey(OpTask t) {
    return ((EventSend) t.op).userId();
  }

  @Override
  public HubSpotCall call(List<Input> batch, DeliveryEngine engine) {
    List<String> userIds = new ArrayList<>(batch.size());
    for (Input in : batch) userIds.add(in.recordKey);
    return engine.calls.read("contacts", idProperty, List.of(idProperty), userIds);
  }

  @Override
  public void answered(HubSpotResponse r, List<Input> batch, DeliveryEngine engine) {
    Map<String, String> contactByUser = new HashMap<>();
    if (r.isSuccess()) {
      for (JsonNode c : r.json().path("results")) contactByUser.put(c.path("properties").path(idProperty).asText(), c.path("id").asText());
    }
    String refusal = r.isSuccess() ? "" : " (HubSpot: " + HubSpotError.of(r).describe() + ")";
    for (Input in : batch) {
      String userId = in.recordKey;
      String contactId = contactByUser.get(userId);
      if (contactId == null) {
        engine.settleFailed(in, "MISSING_IDENTIFIER", "no email or hubspotutk, and HubSpot has no contact whose " + idProperty
            + " is " + userId + refusal + "; identify the user first");
        continue;
      }
      engine.ids.rememberContact(userId, null, contactId);
      engine.reroute(in, t -> {
        t.contactLookedUp = true;
        return t.op;
      });
    }
  }
}
