package io.hsdest.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
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
 * remove waiting for it. A contact's latest membership (by message time) wins.
 */
final class ListMembershipLane implements LaneKind {
  private final String listId;

  ListMembershipLane(String listId) {
    this.listId = listId;
  }

  @Override
  public Endpoint endpoint() {
    return Endpoint.LISTS_MEMBERSHIPS;
  }

  @Override
  public Feeders.Category category() {
    return Feeders.Category.LISTS;
  }

  @Override
  public int maxInputs() {
    return 500;
  }

  @Override
  public String recordKey(OpTask t) {
    return t.contactId;
  }


  private static boolean adds(Input in) {
    OpTask latest = in.liveMembers().stream().max(Comparator.comparingLong(OpTask::timestampMs)).orElse(in.first());
    return ((ListMembership) latest.op).add();
  }

  @Override
  public HubSpotCall call(List<Input> batch, DeliveryEngine engine) {
    List<String> add = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    for (Input in : batch) (adds(in) ? add : remove).add(in.first().contactId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recordIdsToAdd", add);
    body.put("recordIdsToRemove", remove);
    return engine.calls.addAndRemove(listId, body);
  }

  @Override
  public void answered(HubSpotResponse r, List<Input> batch, DeliveryEngine engine) {
    if (!r.isSuccess()) {
      HubSpotError e = HubSpotError.of(r);
      if (batch.size() > 1) engine.split(batch, e);
      else engine.settleFailed(batch.get(0), "LIST_MEMBERSHIP_FAILED", e.describe());
      return;
    }
    Set<String> missing = new HashSet<>();
    for (JsonNode id : r.json().path("recordIdsMissing")) missing.add(id.asText());
    for (Input in : batch) {
      String contact = in.first().contactId;
      engine.settleSucceeded(in, null, missing.contains(contact)
          ? List.of(Warning.of("LIST_RECORD_MISSING", null, "HubSpot did not find contact " + contact + " for list " + listId))
          : List.of());
    }
  }
}
