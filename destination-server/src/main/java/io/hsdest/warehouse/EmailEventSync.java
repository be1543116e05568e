package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.HubSpotCall;
import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Email events into {@code email_events}: {@code GET /email/public/v1/events} (1,000 per page, newest first) for
 * the window from the last run's end, less an hour for events HubSpot records late, to this run's start (the whole
 * history the first time). Each event is a row keyed by HubSpot's event id, so reading a window twice writes the
 * same rows. HubSpot's page tokens are short-lived and bound to the query: when one is refused, the window is asked
 * again ending at the oldest event already written, so a long backfill never starts over.
 */
final class EmailEventSync implements CollectionSync {
  /** Email events can reach the API a while after they happened (a late open, a deferred delivery). */
  static final long LATE_EVENTS_MS = 60 * 60_000L;

  @Override
  public SourceCollection collection() {
    return SourceCollection.EMAIL_EVENTS;
  }

  @Override
  public Future<Void> run(SyncRun run, Tally tally) {
    String table = collection().table;
    return run.db(db -> {
      Table t = db.ensureTable(table, List.of(Column.own("id", ColumnType.TEXT),
          Column.own("created", ColumnType.TIMESTAMP), Column.own("type", ColumnType.TEXT),
          Column.own("recipient", ColumnType.TEXT), Column.own("email_campaign_id", ColumnType.NUMBER),
          Column.own("created_at", ColumnType.TIMESTAMP), Column.own("updated_at", ColumnType.TIMESTAMP),
          Column.own("archived", ColumnType.BOOLEAN), Column.own("synced_at", ColumnType.TIMESTAMP)));
      Cursor c = Cursor.forRun(db.state(table), t.created(), run.portalId, run.start.toEpochMilli(), LATE_EVENTS_MS);
      tally.mode = c.full() ? "full" : "incremental";
      return Map.entry(t, c);
    }).compose(start -> {
      Cursor c = start.getValue();
      return window(run, start.getKey(), c.since(), run.start.toEpochMilli(), null, tally)
          .compose(t -> run.db(db -> {
            db.saveState(table, c.finished().json());
            db.commit();
            return null;
          }));
    });
  }

  private Future<Table> window(SyncRun run, Table table, Long from, long to, String offset, Tally tally) {
    HubSpotCall call = run.calls.emailEvents(from, to, null, offset, 1000);
    return run.hubspot.answer(call).compose(r -> {
      if (r.status() == 400 && offset != null) {
        // the token expired: ask again for what is left, which ends at the oldest event written so far
        return window(run, table, from, tally.oldestEventMs, null, tally);
      }
      if (!r.isSuccess()) return Future.failedFuture(PatientHubSpot.refused(call, r));
      JsonNode page = r.json();
      OffsetDateTime now = OffsetDateTime.now(run.clock).withOffsetSameInstant(ZoneOffset.UTC);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (JsonNode e : page.path("events")) {
        Map<String, Object> row = new LinkedHashMap<>(JsonRows.flatten(e));
        row.put("id", e.path("id").asText());
        row.put("created_at", e.path("created").asLong());
        row.put("updated_at", e.path("created").asLong());
        row.put("archived", false);
        row.put("synced_at", now);
        rows.add(row);
        tally.oldestEventMs = Math.min(tally.oldestEventMs, e.path("created").asLong());
      }
      String next = page.path("offset").asText(null);
      boolean more = page.path("hasMore").asBoolean(false) && next != null;
      Future<Table> written = rows.isEmpty() ? Future.succeededFuture(table) : run.db(db -> {
        Table t = JsonRows.withColumnsFor(db, table, rows);
        db.upsert(t, rows);
        db.commit();
        tally.rows.addAndGet(rows.size());
        return t;
      });
      return written.compose(t -> more ? window(run, t, from, to, next, tally) : Future.succeededFuture(t));
    });
  }
}
