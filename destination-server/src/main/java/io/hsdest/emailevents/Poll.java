package io.hsdest.emailevents;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One poll: reads HubSpot's email events in time windows from where the cursor stands (the first run: now minus
 * {@code backfillDays}; later runs: {@code doneUntil} minus the trailing window, for late events) up to now minus the
 * settle delay, page by page, newest first within a window; removes what was handled before (by EventId); skips
 * what cannot or need not be sent (UNBOUNCE has no recipient; types not selected); sends the rest and, after each
 * batch the sink took, marks those EventIds handled and commits; after each page it keeps the next page's offset,
 * after each window it moves {@code doneUntil}. A crash anywhere re-sends at most the batch in flight.
 */
final class Poll {
  /** The export is stopping: end at the next safe point, leaving the cursor where it is. */
  static final class Stopped extends RuntimeException {
    Stopped() {
      super("stopping", null, false, false);
    }
  }

  /** The token reads another portal's events than the settings name. */
  static final class PortalMismatch extends RuntimeException {
    PortalMismatch(String message) {
      super(message, null, false, false);
    }
  }

  private static final long DAY_MS = 86_400_000L;

  private final EmailEventsExport x;
  private final PollReport report;
  private final String query;
  private ExportCursor.State state;
  /** Offset restarts in a row after which nothing new was handled: HubSpot's offsets expire faster than we read. */
  private int fruitlessRestarts;
  private long handledAtRestart = -1;

  Poll(EmailEventsExport export, long now) {
    this.x = export;
    this.report = new PollReport(now);
    this.query = export.eventTypeParam() == null ? "all" : "eventType=" + export.eventTypeParam();
  }

  PollReport report() {
    return report;
  }

  Future<PollReport> run() {
    long now = x.clock.millis();
    long to = now - x.tuning.settleMs();
    ExportCursor.State s = x.cursor.load();
    if (s == null) {
      long origin = now - x.settings.backfillDays() * DAY_MS;
      s = new ExportCursor.State(origin, origin - 1, null);
    }
    if (s.doneUntil() > to) {
      // a cursor ahead of this clock (the clock was set back, or the data directory came from elsewhere) is only a
      // hint: read again from the trailing window before now; the handled set keeps repeats from going out
      s = new ExportCursor.State(Math.min(s.origin(), to), to, null);
    }
    state = s;
    x.published(state);
    return windows(to, true).transform(ar -> {
      report.finishedAt = x.clock.millis();
      if (ar.succeeded()) {
        report.outcome = "ok";
      } else {
        Throwable e = ar.cause();
        report.outcome = e instanceof Stopped ? "stopped" : "failed";
        report.errorCode = e instanceof SinkClient.SinkFailure f ? f.code
            : e instanceof EventReader.HubSpotFailure h ? h.code
            : e instanceof PortalMismatch ? "PORTAL_MISMATCH"
            : e instanceof Stopped ? "STOPPED" : "INTERNAL_ERROR";
        report.errorMessage = e instanceof SinkClient.SinkFailure || e instanceof EventReader.HubSpotFailure
            || e instanceof PortalMismatch || e instanceof Stopped ? e.getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      return Future.succeededFuture(report);
    });
  }

  /** Reads windows until {@code doneUntil} reaches {@code to}; the first one also covers the trailing window. */
  private Future<Void> windows(long to, boolean first) {
    if (x.stopping()) return Future.failedFuture(new Stopped());
    ExportCursor.Window w = state.window();
    if (w != null && !w.query().equals(query)) {
      w = new ExportCursor.Window(w.start(), w.end(), query, null); // the settings changed: its offset is void
    }
    if (w == null) {
      long from = first ? Math.max(state.origin(), state.doneUntil() + 1 - x.tuning.trailingMs()) : state.doneUntil() + 1;
      if (from > to) return Future.succeededFuture();
      w = new ExportCursor.Window(from, Math.min(to, from + x.windowMs() - 1), query, null);
    }
    ExportCursor.Window window = w;
    keep(window);
    report.windows++;
    return pages(window, 0).compose(pages -> {
      x.windowRead(pages);
      state = new ExportCursor.State(state.origin(), Math.max(state.doneUntil(), window.end()), null);
      x.cursor.forgetBefore(state.doneUntil() + 1 - x.tuning.trailingMs());
      x.cursor.save(state);
      x.published(state);
      return x.cursor.commit();
    }).compose(v -> state.doneUntil() < to ? windows(to, false) : Future.succeededFuture());
  }

  /** Reads the window's pages from its offset on; completes with the number of pages read. */
  private Future<Integer> pages(ExportCursor.Window w, int read) {
    if (x.stopping()) return Future.failedFuture(new Stopped());
    return x.reader.page(w.start(), w.end(), x.eventTypeParam(), w.offset()).transform(ar -> {
      if (ar.failed()) {
        if (ar.cause() instanceof EventReader.OffsetExpired && w.offset() != null) {
          long handled = handledSoFar();
          fruitlessRestarts = handled == handledAtRestart ? fruitlessRestarts + 1 : 0;
          handledAtRestart = handled;
          if (fruitlessRestarts >= 3) {
            return Future.failedFuture(new EventReader.HubSpotFailure("HUBSPOT_OFFSETS_EXPIRE", "HubSpot's offsets "
                + "expired before the next page was read, several times in a row; the next poll tries again"));
          }
          report.offsetRestarts++;
          x.counts.offsetRestart();
          ExportCursor.Window again = w.withOffset(null); // read the window again; the handled set drops repeats
          keep(again);
          return pages(again, read);
        }
        return Future.failedFuture(ar.cause());
      }
      EventReader.Page page = ar.result();
      report.pages++;
      return handle(page.events()).compose(v -> {
        if (!page.hasMore()) return Future.succeededFuture(read + 1);
        ExportCursor.Window next = w.withOffset(page.offset());
        keep(next);
        return x.cursor.commit().compose(c -> pages(next, read + 1));
      });
    });
  }

  private long handledSoFar() {
    long skipped = 0;
    for (long n : report.skipped.values()) skipped += n;
    return report.sent + skipped;
  }

  private void keep(ExportCursor.Window w) {
    state = new ExportCursor.State(state.origin(), state.doneUntil(), w);
    x.cursor.save(state);
    x.published(state);
  }

  /** Dedupes, skips and sends one page's events (oldest first). */
  private Future<Void> handle(List<JsonNode> page) {
    report.read += page.size();
    x.counts.read(page.size());
    List<EmailEvent> toSend = new ArrayList<>();
    List<EventId> skipped = new ArrayList<>();
    Set<EventId> seen = new HashSet<>();
    long duplicates = 0;
    List<JsonNode> oldestFirst = new ArrayList<>(page);
    Collections.reverse(oldestFirst);
    for (JsonNode json : oldestFirst) {
      EmailEvent e = EmailEvent.of(json);
      if (e == null) {
        skip("MALFORMED", 1);
        continue;
      }
      JsonNode portal = json.get("portalId");
      if (portal != null && !portal.isNull() && !portal.asText().equals(x.portalId)) {
        return Future.failedFuture(new PortalMismatch("the access token reads the email events of portal "
            + portal.asText() + ", but the destination's portalId is " + x.portalId + "; nothing was sent"));
      }
      if (!seen.add(e.eventId()) || x.cursor.handled(e.eventId())) {
        duplicates++;
      } else if (e.type() == null || !x.settings.types().contains(e.type())) {
        skipped.add(e.eventId());
        skip("NOT_SELECTED", 1);
      } else if (e.recipient() == null) {
        skipped.add(e.eventId());
        skip("NO_RECIPIENT", 1); // UNBOUNCE: its user is a HubSpot user, not the person
      } else {
        toSend.add(e);
      }
    }
    report.duplicatesRemoved += duplicates;
    x.counts.duplicates(duplicates);
    x.cursor.markHandled(skipped);
    if (toSend.isEmpty()) return Future.succeededFuture();
    return x.sink.send(toSend, (accepted, rejected) -> {
      List<EventId> done = new ArrayList<>(accepted.size() + rejected.size());
      accepted.forEach(e -> done.add(e.eventId()));
      rejected.forEach(e -> done.add(e.eventId()));
      x.cursor.markHandled(done);
      report.sent += accepted.size();
      java.util.Map<EmailEventType, Long> byType = new java.util.EnumMap<>(EmailEventType.class);
      for (EmailEvent e : accepted) byType.merge(e.type(), 1L, Long::sum);
      byType.forEach(x.counts::sent);
      skip("SINK_REJECTED", rejected.size());
      return x.cursor.commit();
    });
  }

  private void skip(String reason, long n) {
    report.skip(reason, n);
    x.counts.skipped(reason, n);
  }
}
