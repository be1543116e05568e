package io.hsdest.delivery.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.delivery.batch.Input;
import io.hsdest.delivery.batch.Queued;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.policy.Verdict.Done;
import io.hsdest.delivery.policy.Verdict.Fail;
import io.hsdest.delivery.policy.Verdict.Next;
import io.hsdest.delivery.policy.Verdict.Split;
import io.hsdest.delivery.resolve.RecordLookup;
import io.hsdest.delivery.resolve.StaleRecords;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.ListMembership;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Engage audiences as MANUAL lists: one {@code add-and-remove} call per list carries every add and
 * remove waiting for it; a contact's latest membership (by message time) wins. A list HubSpot no
 * longer has (deleted) is found or created again; a contact it does not know is looked up again.
 */
final class ListMembershipCodec implements Codec {

  private static <T extends Queued> boolean adds(Input<T> in) {
    T latest = in.liveMembers().stream().max(Comparator.comparingLong(Queued::timestampMs)).orElse(in.first());
    return ((ListMembership) latest.op()).add();
  }

  @Override
  public <T extends Queued> HubSpotCall encode(List<Input<T>> batch, WireContext ctx) {
    List<String> add = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    String listId = null;
    for (Input<T> in : batch) {
      ListMembership l = (ListMembership) in.first().op();
      listId = l.listId();
      (adds(in) ? add : remove).add(l.contactId());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recordIdsToAdd", add);
    body.put("recordIdsToRemove", remove);
    return ctx.calls().addAndRemove(listId, body);
  }

  @Override
  public <T extends Queued> List<Verdict> decode(HubSpotResponse r, List<Input<T>> batch, WireContext ctx) {
    List<Verdict> out = new ArrayList<>(batch.size());
    if (!r.isSuccess()) {
      HubSpotError e = HubSpotError.of(r);
      for (Input<T> in : batch) {
        ListMembership l = (ListMembership) in.first().op();
        if (r.status() == 404 && !in.first().wentThrough(ListMembership.class)) {
          out.add(new Next(op -> ((ListMembership) op).withListId(null), List.of(), Verdict.Stale.list(l.listId()), null));
        } else if (batch.size() > 1) {
          out.add(new Split(e.describe()));
        } else {
          out.add(new Fail(Reason.LIST_MEMBERSHIP_FAILED, e.describe()));
        }
      }
      return out;
    }
    Set<String> missing = new HashSet<>();
    for (JsonNode id : r.json().path("recordIdsMissing")) missing.add(id.asText());
    for (Input<T> in : batch) {
      ListMembership l = (ListMembership) in.first().op();
      if (!missing.contains(l.contactId())) {
        out.add(Done.plain());
      } else if (!in.first().wentThrough(RecordLookup.class) && l.contact().lookupKey() != null) {
        out.add(new Next(op -> StaleRecords.contactLookup(((ListMembership) op).withContactId(null)),
            List.of(Warning.of(Reason.STALE_RECORD_ID, null, "HubSpot has no contact " + l.contactId()
                + " any more (merged or deleted); looked up again")), Verdict.Stale.contact(l.contactId()), null));
      } else {
        out.add(Done.with(Warning.of(Reason.LIST_RECORD_MISSING, null, "HubSpot did not find contact " + l.contactId()
            + " for list " + l.listId())));
      }
    }
    return out;
  }
}
