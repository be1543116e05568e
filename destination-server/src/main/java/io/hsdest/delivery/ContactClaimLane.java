package io.hsdest.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.op.ContactKey;
import io.hsdest.mapping.op.ContactWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After a 409 on an upsert by {@code userIdProperty}: reads the contacts that hold the emails. One
 * without a userId (or with this one) is claimed: updated by id, the userId written onto it, so no
 * second contact is made. One that belongs to another user is a conflict no retry can fix: the
 * message is dropped with {@code EMAIL_CONFLICT} (cloud-mode.md V13), naming both contacts.
 */
final class ContactClaimLane implements LaneKind {
  private final String idProperty;

  ContactClaimLane(String idProperty) {
    this.idProperty = idProperty;
  }

  /** Why a write whose email is another user's contact's is dropped. */
  static String conflictDetail(ContactWrite w, String existing, String holder) {
    return "the email " + w.email() + " belongs to HubSpot contact " + (existing == null ? "(id not given)" : existing)
        + (holder == null || holder.isEmpty() ? "" : ", whose userId is " + holder) + ", not to user " + w.key().value()
        + "; HubSpot keeps emails unique, so nothing was written (merge the two contacts in HubSpot, or correct the email)";
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
    return t.claimCandidate;
  }


  @Override
  public HubSpotCall call(List<Input> batch, DeliveryEngine engine) {
    List<String> ids = new ArrayList<>(batch.size());
    for (Input in : batch) ids.add(in.first().claimCandidate);
    return engine.calls.read("contacts", null, List.of(idProperty, "email"), ids);
  }

  @Override
  public void answered(HubSpotResponse r, List<Input> batch, DeliveryEngine engine) {
    Map<String, String> holders = new HashMap<>();
    if (r.isSuccess()) {
      for (JsonNode c : r.json().path("results")) holders.put(c.path("id").asText(), c.path("properties").path(idProperty).asText(""));
    }
    for (Input in : batch) {
      String candidate = in.first().claimCandidate;
      String holder = holders.get(candidate);
      ContactWrite write = (ContactWrite) in.first().op;
      if (holder != null && !holder.isEmpty() && !holder.equals(write.key().value())) {
        String answer = in.first().conflictAnswer;
        engine.settleFailed(in, "EMAIL_CONFLICT", conflictDetail(write, candidate, holder)
            + (answer == null ? "" : " (HubSpot: " + answer + ")"));
        continue;
      }
      engine.reroute(in, t -> {
        ContactWrite w = (ContactWrite) t.op;
        t.claimCandidate = null;
        t.claimChecked = true;
        if (holder == null) return w; // not found (gone since?): the upsert is tried once more
        return new ContactWrite(ContactKey.byId(candidate), w.properties(), w.timestamp(), w.key(), w.lifecycleStage(),
            w.nonMarketingOnCreate(), w.userId(), w.email());
      });
    }
  }
}
