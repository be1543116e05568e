package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Marketing email campaigns into {@code email_campaigns}: every campaign's id and last update come from
 * {@code GET /email/public/v1/campaigns/by-id} (1,000 per page), and the details ({@code GET .../campaigns/{id}},
 * one call each) are read for the campaigns updated since the last run (all of them the first time). Fields become
 * snake_case columns ({@code counters.open} -> {@code counters_open}); a campaign HubSpot no longer lists is marked
 * archived.
 */
final class EmailCampaignSync implements CollectionSync {
  private static final int DETAILS_PER_PAGE = 20;

  @Override
  public SourceCollection collection() {
    return SourceCollection.EMAIL_CAMPAIGNS;
  }

  private static List<Column> own() {
    return List.of(Column.own("id", ColumnType.TEXT), Column.own("created_at", ColumnType.TIMESTAMP),
        Column.own("updated_at", ColumnType.TIMESTAMP), Column.own("archived", ColumnType.BOOLEAN),
        Column.own("synced_at", ColumnType.TIMESTAMP));
  }

  @Override
  public Future<Void> run(SyncRun run, Tally tally) {
    String table = collection().table;
    return run.db(db -> {
      Table t = db.ensureTable(table, own());
      Cursor c = Cursor.forRun(db.state(table), t.created(), run.portalId, run.start.toEpochMilli(), SyncRun.OVERLAP_MS);
      tally.mode = c.full() ? "full" : "incremental";
      return Map.entry(t, c);
    }).compose(start -> listAll(run, null, new ArrayList<>()).compose(all -> {
      Cursor cursor = start.getValue();
      List<String> changed = new ArrayList<>();
      Set<String> listed = new HashSet<>();
      for (JsonNode s : all) {
        String id = s.path("id").asText();
        listed.add(id);
        if (cursor.since() == null || s.path("lastUpdatedTime").asLong(Long.MAX_VALUE) >= cursor.since()) {
          changed.add(id);
        }
      }
      return details(run, start.getKey(), changed, 0, tally)
          .compose(t -> run.db(db -> {
            List<Map<String, Object>> gone = new ArrayList<>();
            OffsetDateTime now = OffsetDateTime.now(run.clock).withOffsetSameInstant(ZoneOffset.UTC);
            for (String id : db.liveIds(t)) {
              if (!listed.contains(id)) gone.add(Map.of("id", id, "archived", true, "synced_at", now));
            }
            db.upsert(t, gone);
            db.saveState(table, cursor.finished().json());
            db.commit();
            tally.rows.addAndGet(gone.size());
            tally.archived.addAndGet(gone.size());
            return null;
          }));
    }));
  }

  private Future<List<JsonNode>> listAll(SyncRun run, String offset, List<JsonNode> into) {
    return run.hubspot.json(run.calls.emailCampaignIds(offset)).compose(page -> {
      page.path("campaigns").forEach(into::add);
      String next = page.path("offset").asText(null);
      boolean more = page.path("hasMore").asBoolean(false) && next != null && !next.equals(offset);
      return more ? listAll(run, next, into) : Future.succeededFuture(into);
    });
  }

  /** The details of the changed campaigns, a few at a time, each group written in one transaction. */
  private Future<Table> details(SyncRun run, Table table, List<String> ids, int from, Tally tally) {
    if (from >= ids.size()) return Future.succeededFuture(table);
    List<String> group = ids.subList(from, Math.min(ids.size(), from + DETAILS_PER_PAGE));
    List<Future<io.hsdest.hubspot.HubSpotResponse>> reads = new ArrayList<>();
    for (String id : group) reads.add(run.hubspot.answer(run.calls.emailCampaign(id)));
    return Future.all(reads).compose(all -> {
      OffsetDateTime now = OffsetDateTime.now(run.clock).withOffsetSameInstant(ZoneOffset.UTC);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) {
        io.hsdest.hubspot.HubSpotResponse r = reads.get(i).result();
        if (r.status() == 404) continue; // deleted between the listing and now: marked archived next run
        if (!r.isSuccess()) return Future.failedFuture(PatientHubSpot.refused(run.calls.emailCampaign(group.get(i)), r));
        Map<String, Object> row = new LinkedHashMap<>(JsonRows.flatten(r.json()));
        row.put("id", r.json().path("id").asText());
        row.put("updated_at", r.json().path("lastUpdatedTime").isNumber() ? r.json().path("lastUpdatedTime").asLong() : null);
        row.put("archived", false);
        row.put("synced_at", now);
        rows.add(row);
      }
      return run.db(db -> {
        Table t = JsonRows.withColumnsFor(db, table, rows);
        db.upsert(t, rows);
        db.commit();
        tally.rows.addAndGet(rows.size());
        return t;
      });
    }).compose(t -> details(run, t, ids, from + DETAILS_PER_PAGE, tally));
  }
}
