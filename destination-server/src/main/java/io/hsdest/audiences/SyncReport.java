package io.hsdest.audiences;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one sync did, as the client is answered and {@code lastSync} keeps it (interface.md part 2): contacts
 * added to and removed from the list, contacts created, contacts already as wanted, and every member that is not
 * in the list with its reason. {@code listRecreated} when the bound list was gone in HubSpot and made again.
 */
record SyncReport(String listId, String listName, int added, int removed, int createdContacts, int unchanged,
    List<Dropped> dropped, boolean listRecreated, String syncedAt) {

  /** How many dropped members a stored report keeps (a repeated cohort message answers with the stored report). */
  static final int STORED_DROPPED = 1000;

  Map<String, Object> toJson() {
    return toJson(dropped.size());
  }

  Map<String, Object> toJson(int maxDropped) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("success", true);
    o.put("listId", listId);
    o.put("listName", listName);
    o.put("added", added);
    o.put("removed", removed);
    o.put("createdContacts", createdContacts);
    o.put("unchanged", unchanged);
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < Math.min(maxDropped, dropped.size()); i++) list.add(dropped.get(i).toJson());
    o.put("dropped", list);
    if (dropped.size() > maxDropped) o.put("droppedNotShown", dropped.size() - maxDropped);
    if (listRecreated) o.put("listRecreated", true);
    o.put("syncedAt", syncedAt);
    return o;
  }

  /** Dropped members counted by reason (metrics, /status). */
  Map<String, Integer> droppedByReason() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Dropped d : dropped) out.merge(d.reason(), 1, Integer::sum);
    return out;
  }
}
