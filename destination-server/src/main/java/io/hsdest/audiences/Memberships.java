package io.hsdest.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list's members in HubSpot: read page by page (250 per call, HubSpot's largest page), and changed in
 * {@code add-and-remove} calls of at most {@link Endpoint#LISTS_MEMBERSHIPS}{@code .maxInputs} record ids each.
 * A 404 is a {@link ListGone}.
 */
final class Memberships {
  private final HubSpotApi hubspot;
  private final Calls calls;

  Memberships(HubSpotApi hubspot, Calls calls) {
    this.hubspot = hubspot;
    this.calls = calls;
  }

  /** What HubSpot did with a change: the ids it added and removed, and the ids it says are no record. */
  record Applied(Set<String> added, Set<String> removed, Set<String> missing) {
    static Applied none() {
      return new Applied(new HashSet<>(), new HashSet<>(), new HashSet<>());
    }
  }

  /** Every member's record id. */
  Future<Set<String>> read(String listId) {
    Set<String> members = new HashSet<>();
    Promise<Set<String>> done = Promise.promise();
    page(listId, null, members, done);
    return done.future();
  }

  private void page(String listId, String after, Set<String> members, Promise<Set<String>> done) {
    Answers.to(hubspot, calls.listMembers(listId, after), "reading the members of list " + listId).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      HubSpotResponse r = ar.result();
      if (r.status() == 404) {
        done.fail(new ListGone(listId));
        return;
      }
      if (!r.isSuccess()) {
        done.fail(SyncFailure.of(r, "reading the members of list " + listId));
        return;
      }
      for (JsonNode m : r.json().path("results")) members.add(m.path("recordId").asText());
      String next = r.json().path("paging").path("next").path("after").asText(null);
      if (next == null || next.equals(after)) done.complete(members);
      else page(listId, next, members, done);
    });
  }

  /** Adds and removes in as few calls as HubSpot allows; an id in both is removed (removal wins). */
  Future<Applied> change(String listId, List<String> add, List<String> remove) {
    Set<String> removing = new HashSet<>(remove);
    List<Map.Entry<String, Boolean>> all = new ArrayList<>(add.size() + remove.size());
    for (String id : add) if (!removing.contains(id)) all.add(Map.entry(id, true));
    for (String id : remove) all.add(Map.entry(id, false));
    Applied applied = Applied.none();
    return Parallel.each(Parallel.chunks(all, Endpoint.LISTS_MEMBERSHIPS.maxInputs), chunk -> {
      List<String> adding = new ArrayList<>();
      List<String> removingNow = new ArrayList<>();
      for (Map.Entry<String, Boolean> e : chunk) (e.getValue() ? adding : removingNow).add(e.getKey());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("recordIdsToAdd", adding);
      body.put("recordIdsToRemove", removingNow);
      return Answers.to(hubspot, calls.addAndRemove(listId, body), "changing the members of list " + listId).compose(r -> {
        if (r.status() == 404) return Future.failedFuture(new ListGone(listId));
        if (!r.isSuccess()) return Future.failedFuture(SyncFailure.of(r, "changing the members of list " + listId));
        synchronized (applied) {
          r.json().path("recordsIdsAdded").forEach(id -> applied.added().add(id.asText()));
          r.json().path("recordIdsAdded").forEach(id -> applied.added().add(id.asText())); // the spelling some docs show
          r.json().path("recordIdsRemoved").forEach(id -> applied.removed().add(id.asText()));
          r.json().path("recordIdsMissing").forEach(id -> applied.missing().add(id.asText()));
        }
        return Future.succeededFuture();
      });
    }).map(applied);
  }
}
