package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.JsonBodies;
import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Contacts, companies or deals into their table.
 *
 * <p>Changed records are found with HubSpot's search, 200 at a time, sorted by record id and filtered by "id
 * greater than the last one written" (plus "modified since" on incremental runs): every page is a new query that
 * starts at offset 0, so HubSpot's 10,000-result cap on paging never applies, however many records changed, and
 * records that change while the walk runs cannot shift later pages (as offsets would). Sorting by the unique id
 * also means no ties at page boundaries, which sorting by modification time would have (bulk updates share one
 * timestamp). The search carries every property when the request fits HubSpot's 3,000-character limit; otherwise it
 * asks for ids only and a batch read (100 per call) fetches the properties.
 *
 * <p>Then the archived listing ({@code GET ...?archived=true}, the only place HubSpot shows deleted records) marks
 * rows archived, and the winners' {@code hs_merged_object_ids} mark merged-away rows with {@code merged_into}.
 * Deals also get their associated contact and company ids, read for every changed deal (a change of a deal's
 * associations changes the deal in HubSpot).
 */
final class CrmObjectSync implements CollectionSync {
  static final int PAGE = 200;
  static final int SEARCH_BODY_LIMIT = 3_000;
  private static final Set<String> OWN = Set.of("id", "created_at", "updated_at", "archived", "archived_at",
      "merged_into", "synced_at", "associated_contact_ids", "associated_company_ids");

  private final SourceCollection collection;
  private final String objectType;
  private final String lastModified;

  CrmObjectSync(SourceCollection collection) {
    this.collection = collection;
    this.objectType = collection.table;
    this.lastModified = collection == SourceCollection.CONTACTS ? "lastmodifieddate" : "hs_lastmodifieddate";
  }

  @Override
  public SourceCollection collection() {
    return collection;
  }

  private record Plan(Table table, PropertyColumns properties, boolean inline) {}

  @Override
  public Future<Void> run(SyncRun run, Tally tally) {
    return run.hubspot.json(run.calls.readProperties(objectType)).compose(definitions -> {
      PropertyColumns properties = PropertyColumns.of(definitions, OWN);
      return run.db(db -> {
        Table table = db.ensureTable(collection.table, columns(properties));
        Cursor cursor = Cursor.forRun(db.state(collection.table), table.created(), run.portalId,
            run.start.toEpochMilli(), SyncRun.OVERLAP_MS);
        db.saveState(collection.table, cursor.json());
        db.commit();
        tally.mode = cursor.full() ? "full" : "incremental";
        return Map.entry(new Plan(table, properties, fitsInSearch(properties)), cursor);
      });
    }).compose(start -> {
      Plan plan = start.getKey();
      Cursor cursor = start.getValue();
      Future<Cursor> walked = Cursor.WALK.equals(cursor.stage())
          ? walk(run, plan, cursor, tally, Future.succeededFuture(cursor)) : Future.succeededFuture(cursor);
      return walked.compose(c -> archived(run, plan, c, null, tally))
          .compose(c -> run.db(db -> {
            db.saveState(collection.table, c.finished().json());
            db.commit();
            return null;
          }));
    });
  }

  private List<Column> columns(PropertyColumns properties) {
    List<Column> cols = new ArrayList<>(List.of(Column.own("id", ColumnType.TEXT),
        Column.own("created_at", ColumnType.TIMESTAMP), Column.own("updated_at", ColumnType.TIMESTAMP),
        Column.own("archived", ColumnType.BOOLEAN), Column.own("archived_at", ColumnType.TIMESTAMP),
        Column.own("merged_into", ColumnType.TEXT), Column.own("synced_at", ColumnType.TIMESTAMP)));
    if (collection == SourceCollection.DEALS) {
      cols.add(Column.own("associated_contact_ids", ColumnType.TEXT));
      cols.add(Column.own("associated_company_ids", ColumnType.TEXT));
    }
    cols.addAll(properties.columns());
    return cols;
  }

  /** Whether a search naming every property stays within HubSpot's 3,000 characters at its longest. */
  private boolean fitsInSearch(PropertyColumns properties) {
    Map<String, Object> longest = searchBody(Long.MAX_VALUE / 1000, "999999999999999999", properties.propertyNames());
    return JsonBodies.write(longest).length <= SEARCH_BODY_LIMIT;
  }

  private Map<String, Object> searchBody(Long since, String afterId, List<String> properties) {
    List<Map<String, Object>> filters = new ArrayList<>();
    filters.add(Map.of("propertyName", "hs_object_id", "operator", "GT", "value", afterId == null ? "0" : afterId));
    if (since != null) {
      filters.add(Map.of("propertyName", lastModified, "operator", "GTE", "value", Long.toString(since)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("filterGroups", List.of(Map.of("filters", filters)));
    body.put("sorts", List.of(Map.of("propertyName", "hs_object_id", "direction", "ASCENDING")));
    body.put("properties", properties);
    body.put("limit", PAGE);
    return body;
  }

  /**
   * One page of changed records, written with the cursor after it; then the next page. The next page is read from
   * HubSpot while this one is written (one page ahead at most), and each page is written only after the one before
   * it committed, so a failed write never leaves a later cursor behind.
   *
   * @param written the write of the page before, completing with the cursor it committed
   */
  private Future<Cursor> walk(SyncRun run, Plan plan, Cursor cursor, Tally tally, Future<Cursor> written) {
    List<String> asked = plan.inline() ? plan.properties().propertyNames() : List.of("hs_object_id");
    return run.hubspot.json(run.calls.search(objectType, searchBody(cursor.since(), cursor.afterId(), asked)))
        .compose(page -> {
          JsonNode results = page.path("results");
          if (results.isEmpty()) return written;
          List<String> ids = new ArrayList<>();
          results.forEach(r -> ids.add(r.path("id").asText()));
          Future<List<JsonNode>> records = plan.inline() ? Future.succeededFuture(list(results))
              : readProperties(run, plan, ids);
          Future<Map<String, List<String>>> contacts = associations(run, ids, "contacts");
          Future<Map<String, List<String>>> companies = associations(run, ids, "companies");
          String lastId = ids.get(ids.size() - 1);
          boolean more = page.path("paging").path("next").has("after") || page.path("total").asLong() > ids.size();
          Future<Cursor> thisPage = Future.all(records, contacts, companies).compose(all -> {
            OffsetDateTime now = OffsetDateTime.now(run.clock).withOffsetSameInstant(ZoneOffset.UTC);
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Map<String, Object>> merges = new ArrayList<>();
            for (JsonNode r : records.result()) {
              rows.add(row(r, plan.properties(), now, contacts.result(), companies.result()));
              merges.addAll(mergedAway(r, now));
            }
            Cursor next = cursor.after(lastId);
            return written.compose(previous -> run.db(db -> {
              db.upsert(plan.table(), rows);
              db.upsert(plan.table(), merges);
              db.saveState(collection.table, next.json());
              db.commit();
              tally.rows.addAndGet(rows.size() + merges.size());
              tally.merged.addAndGet(merges.size());
              return next;
            }));
          });
          if (!more) return thisPage;
          // read the next page once the page before this one is written
          return written.compose(previous -> walk(run, plan, cursor.after(lastId), tally, thisPage));
        });
  }

  /** The properties of records found by id, 100 per batch read; records deleted meanwhile are left out. */
  private Future<List<JsonNode>> readProperties(SyncRun run, Plan plan, List<String> ids) {
    List<Future<JsonNode>> reads = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += 100) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 100));
      reads.add(run.hubspot.json(run.calls.read(objectType, null, plan.properties().propertyNames(), chunk)));
    }
    return Future.all(reads).map(done -> {
      List<JsonNode> out = new ArrayList<>();
      for (Future<JsonNode> f : reads) out.addAll(list(f.result().path("results")));
      return out;
    });
  }

  /** A deal's associated record ids of one type (none for other collections), sorted, for every deal of the page. */
  private Future<Map<String, List<String>>> associations(SyncRun run, List<String> ids, String toType) {
    if (collection != SourceCollection.DEALS) return Future.succeededFuture(Map.of());
    return run.hubspot.json(run.calls.readAssociations(objectType, toType, ids)).map(body -> {
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (JsonNode r : body.path("results")) {
        TreeSet<Long> to = new TreeSet<>();
        for (JsonNode t : r.path("to")) to.add(t.path("toObjectId").asLong());
        List<String> sorted = new ArrayList<>();
        to.forEach(id -> sorted.add(Long.toString(id)));
        out.put(r.path("from").path("id").asText(), sorted);
      }
      return out;
    });
  }

  private Map<String, Object> row(JsonNode r, PropertyColumns properties, OffsetDateTime now,
      Map<String, List<String>> contacts, Map<String, List<String>> companies) {
    String id = r.path("id").asText();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("created_at", textOrNull(r.path("createdAt")));
    row.put("updated_at", textOrNull(r.path("updatedAt")));
    row.put("archived", r.path("archived").asBoolean(false));
    row.put("archived_at", textOrNull(r.path("archivedAt")));
    row.put("merged_into", null);
    row.put("synced_at", now);
    if (collection == SourceCollection.DEALS) {
      row.put("associated_contact_ids", joined(contacts.get(id)));
      row.put("associated_company_ids", joined(companies.get(id)));
    }
    JsonNode props = r.path("properties");
    for (Column c : properties.columns()) row.put(c.name(), textOrNull(props.path(c.source())));
    return row;
  }

  /** Rows that mark the records merged into this one (HubSpot keeps their ids in hs_merged_object_ids). */
  private static List<Map<String, Object>> mergedAway(JsonNode r, OffsetDateTime now) {
    List<Map<String, Object>> out = new ArrayList<>();
    String winner = r.path("id").asText();
    String ids = r.path("properties").path("hs_merged_object_ids").asText("");
    for (String loser : ids.split(";")) {
      String l = loser.trim();
      if (l.isEmpty() || l.equals(winner)) continue;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", l);
      m.put("merged_into", winner);
      m.put("synced_at", now);
      out.add(m);
    }
    return out;
  }

  /** Every archived record of the type, 100 per page, marked archived (new ones inserted as such). */
  private Future<Cursor> archived(SyncRun run, Plan plan, Cursor cursor, String after, Tally tally) {
    Future<Cursor> walked = after == null && Cursor.WALK.equals(cursor.stage())
        ? run.db(db -> {
          Cursor c = cursor.walked();
          db.saveState(collection.table, c.json());
          db.commit();
          return c;
        })
        : Future.succeededFuture(cursor);
    return walked.compose(c -> run.hubspot.json(run.calls.list(objectType, true, after)).compose(page -> {
      OffsetDateTime now = OffsetDateTime.now(run.clock).withOffsetSameInstant(ZoneOffset.UTC);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (JsonNode r : page.path("results")) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", r.path("id").asText());
        row.put("created_at", textOrNull(r.path("createdAt")));
        row.put("updated_at", textOrNull(r.path("updatedAt")));
        row.put("archived", true);
        row.put("archived_at", textOrNull(r.path("archivedAt")));
        row.put("synced_at", now);
        rows.add(row);
      }
      String next = page.path("paging").path("next").path("after").asText(null);
      Future<Void> written = rows.isEmpty() ? Future.succeededFuture() : run.db(db -> {
        db.upsert(plan.table(), rows);
        db.commit();
        tally.rows.addAndGet(rows.size());
        tally.archived.addAndGet(rows.size());
        return null;
      });
      return written.compose(v -> next == null ? Future.succeededFuture(c) : archived(run, plan, c, next, tally));
    }));
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>(array.size());
    array.forEach(out::add);
    return out;
  }

  static String textOrNull(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  private static String joined(List<String> ids) {
    return ids == null || ids.isEmpty() ? null : String.join(";", ids);
  }
}
