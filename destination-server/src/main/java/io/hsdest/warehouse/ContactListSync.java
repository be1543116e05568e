package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Contact lists into {@code contact_lists}, or their members into {@code contact_list_memberships}.
 *
 * <p>Every contact list comes from {@code POST /crm/v3/lists/search} (500 per page). A list HubSpot no longer
 * returns was deleted: its row, and its membership rows, are marked archived. Memberships ({@code id} =
 * {@code <list_id>:<contact_id>}) are read ({@code GET /crm/v3/lists/{id}/memberships}, 250 per page) only for the
 * lists whose version, size, update time or last added/removed times changed since the last run (every list the
 * first time); a member that is no longer listed is marked archived. Each list's members are written in one
 * transaction with the fingerprint that says they are current.
 */
final class ContactListSync implements CollectionSync {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTACTS = "0-1";
  private final boolean memberships;

  ContactListSync(boolean memberships) {
    this.memberships = memberships;
  }

  @Override
  public SourceCollection collection() {
    return memberships ? SourceCollection.CONTACT_LIST_MEMBERSHIPS : SourceCollection.CONTACT_LISTS;
  }

  private static List<Column> own(boolean memberships) {
    List<Column> c = new ArrayList<>(List.of(Column.own("id", ColumnType.TEXT),
        Column.own("created_at", ColumnType.TIMESTAMP), Column.own("updated_at", ColumnType.TIMESTAMP),
        Column.own("archived", ColumnType.BOOLEAN), Column.own("synced_at", ColumnType.TIMESTAMP)));
    if (memberships) {
      c.add(Column.own("list_id", ColumnType.TEXT));
      c.add(Column.own("contact_id", ColumnType.TEXT));
    } else {
      c.add(Column.own("name", ColumnType.TEXT));
      c.add(Column.own("processing_type", ColumnType.TEXT));
      c.add(Column.own("size", ColumnType.NUMBER));
    }
    return c;
  }

  @Override
  public Future<Void> run(SyncRun run, Tally tally) {
    String table = collection().table;
    return run.db(db -> {
      Table t = db.ensureTable(table, own(memberships));
      String stored = t.created() ? null : db.state(table);
      return Map.entry(t, stored == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(stored));
    }).compose(start -> searchAll(run, 0, new ArrayList<>()).compose(lists -> {
      ObjectNode state = start.getValue();
      boolean samePortal = run.portalId.equals(state.path("portalId").asText(run.portalId));
      ObjectNode fingerprints = samePortal && state.path("lists").isObject() ? (ObjectNode) state.path("lists")
          : JSON.createObjectNode();
      tally.mode = fingerprints.isEmpty() ? "full" : "incremental";
      return memberships ? members(run, start.getKey(), lists, fingerprints, tally)
          : lists(run, start.getKey(), lists, tally);
    }));
  }

  private Future<List<JsonNode>> searchAll(SyncRun run, int offset, List<JsonNode> into) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("offset", offset);
    body.put("count", 500);
    return run.hubspot.json(run.calls.searchLists(body)).compose(page -> {
      for (JsonNode l : page.path("lists")) {
        if (CONTACTS.equals(l.path("objectTypeId").asText(CONTACTS))) into.add(l);
      }
      int next = page.path("offset").asInt(offset);
      boolean more = page.path("hasMore").asBoolean(false) && next > offset;
      return more ? searchAll(run, next, into) : Future.succeededFuture(into);
    });
  }

  private Future<Void> lists(SyncRun run, Table table, List<JsonNode> lists, Tally tally) {
    OffsetDateTime now = OffsetDateTime.now(run.clock).withOffsetSameInstant(ZoneOffset.UTC);
    List<Map<String, Object>> rows = new ArrayList<>();
    Set<String> live = new HashSet<>();
    for (JsonNode l : lists) {
      Map<String, Object> row = new LinkedHashMap<>();
      // HubSpot's own list properties (hs_list_size, ...) under their names, the list's fields in snake_case
      l.path("additionalProperties").fields().forEachRemaining(e ->
          row.put(ColumnNames.forProperty(e.getKey(), Set.of()), e.getValue().isNull() ? null : e.getValue().asText()));
      ObjectNode fields = l.deepCopy();
      fields.remove("additionalProperties");
      row.putAll(JsonRows.flatten(fields));
      String id = l.path("listId").asText();
      live.add(id);
      row.put("id", id);
      row.put("created_at", CrmObjectSync.textOrNull(l.path("createdAt")));
      row.put("updated_at", CrmObjectSync.textOrNull(l.path("updatedAt")));
      row.put("size", l.has("size") ? l.path("size").asText() : CrmObjectSync.textOrNull(
          l.path("additionalProperties").path("hs_list_size")));
      row.put("archived", false);
      row.put("synced_at", now);
      rows.add(row);
    }
    return run.db(db -> {
      Table t = JsonRows.withColumnsFor(db, table, rows);
      List<Map<String, Object>> gone = new ArrayList<>();
      for (String id : db.liveIds(t)) {
        if (!live.contains(id)) gone.add(Map.of("id", id, "archived", true, "synced_at", now));
      }
      db.upsert(t, rows);
      db.upsert(t, gone);
      db.saveState(collection().table, JSON.createObjectNode().put("portalId", run.portalId).toString());
      db.commit();
      tally.rows.addAndGet(rows.size() + gone.size());
      tally.archived.addAndGet(gone.size());
      return null;
    });
  }

  /** What says a list's members changed: HubSpot moves at least one of these when they do. */
  private static String fingerprint(JsonNode l) {
    JsonNode p = l.path("additionalProperties");
    return l.path("listVersion").asText() + "|" + l.path("updatedAt").asText() + "|"
        + (l.has("size") ? l.path("size").asText() : p.path("hs_list_size").asText()) + "|"
        + p.path("hs_last_record_added_at").asText() + "|" + p.path("hs_last_record_removed_at").asText();
  }

  private Future<Void> members(SyncRun run, Table table, List<JsonNode> lists, ObjectNode fingerprints, Tally tally) {
    Set<String> live = new HashSet<>();
    List<JsonNode> changed = new ArrayList<>();
    for (JsonNode l : lists) {
      String id = l.path("listId").asText();
      live.add(id);
      if (!fingerprint(l).equals(fingerprints.path(id).asText(null))) changed.add(l);
    }
    return eachList(run, table, changed, 0, fingerprints, tally).compose(v -> run.db(db -> {
      // lists that were deleted: their members are no longer members
      OffsetDateTime now = OffsetDateTime.now(run.clock).withOffsetSameInstant(ZoneOffset.UTC);
      List<String> deleted = new ArrayList<>();
      fingerprints.fieldNames().forEachRemaining(id -> {
        if (!live.contains(id)) deleted.add(id);
      });
      long marked = 0;
      for (String listId : deleted) {
        List<Map<String, Object>> gone = new ArrayList<>();
        for (String id : db.liveIdsWhere(table, "list_id", listId)) {
          gone.add(Map.of("id", id, "archived", true, "synced_at", now));
        }
        db.upsert(table, gone);
        fingerprints.remove(listId);
        marked += gone.size();
      }
      db.saveState(collection().table, state(run, fingerprints));
      db.commit();
      tally.rows.addAndGet(marked);
      tally.archived.addAndGet(marked);
      return null;
    }));
  }

  private Future<Void> eachList(SyncRun run, Table table, List<JsonNode> lists, int index, ObjectNode fingerprints,
      Tally tally) {
    if (index >= lists.size()) return Future.succeededFuture();
    JsonNode list = lists.get(index);
    String listId = list.path("listId").asText();
    return memberPages(run, listId, null, new ArrayList<>()).compose(members -> run.db(db -> {
      OffsetDateTime now = OffsetDateTime.now(run.clock).withOffsetSameInstant(ZoneOffset.UTC);
      List<Map<String, Object>> rows = new ArrayList<>();
      Set<String> current = new HashSet<>();
      for (JsonNode m : members) {
        String contactId = m.path("recordId").asText();
        String id = listId + ":" + contactId;
        current.add(id);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("list_id", listId);
        row.put("contact_id", contactId);
        row.put("created_at", CrmObjectSync.textOrNull(m.path("membershipTimestamp")));
        row.put("updated_at", CrmObjectSync.textOrNull(m.path("membershipTimestamp")));
        row.put("archived", false);
        row.put("synced_at", now);
        rows.add(row);
      }
      List<Map<String, Object>> gone = new ArrayList<>();
      for (String id : db.liveIdsWhere(table, "list_id", listId)) {
        if (!current.contains(id)) gone.add(Map.of("id", id, "archived", true, "synced_at", now));
      }
      db.upsert(table, rows);
      db.upsert(table, gone);
      fingerprints.put(listId, fingerprint(list));
      db.saveState(collection().table, state(run, fingerprints));
      db.commit();
      tally.rows.addAndGet(rows.size() + gone.size());
      tally.archived.addAndGet(gone.size());
      return null;
    })).compose(v -> eachList(run, table, lists, index + 1, fingerprints, tally));
  }

  private Future<List<JsonNode>> memberPages(SyncRun run, String listId, String after, List<JsonNode> into) {
    return run.hubspot.json(run.calls.readMemberships(listId, after)).compose(page -> {
      page.path("results").forEach(into::add);
      String next = page.path("paging").path("next").path("after").asText(null);
      return next == null || next.equals(after) ? Future.succeededFuture(into) : memberPages(run, listId, next, into);
    });
  }

  private static String state(SyncRun run, ObjectNode fingerprints) {
    ObjectNode s = JSON.createObjectNode().put("portalId", run.portalId);
    s.set("lists", fingerprints);
    return s.toString();
  }
}
