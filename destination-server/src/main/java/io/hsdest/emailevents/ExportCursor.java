package io.hsdest.emailevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.store.KeyValueMap;
import io.hsdest.store.KeyValueStore;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where one destination's export stands for one portal, kept in the destination's store (this machine's disk, or
 * shared through Kafka, so the next instance to export it goes on from there) so that a restart, also after
 * {@code kill -9}, goes on from there: everything created up to {@code doneUntil} has been read; the time window
 * being read and the offset of its next page; and the EventIds already handled (sent to the sink, or skipped) in the
 * window being read and in the trailing window that every poll reads again. The handled set is what makes a re-read
 * (trailing window, an expired offset, a crash) send nothing twice. Puts are in memory until {@link #commit()}.
 *
 * <p>HubSpot is the truth: the cursor is keyed by the portal the destination's settings name, so another portal
 * starts afresh; and an offset HubSpot no longer accepts only costs a re-read of its window.
 */
final class ExportCursor {
  /**
   * A time window {@code [start, end]} (both inclusive) being read, the HubSpot query it was read with (an offset
   * belongs to its query), and the offset of the page to read next (null = from the window's start).
   */
  record Window(long start, long end, String query, String offset) {
    Window withOffset(String next) {
      return new Window(start, end, query, next);
    }
  }

  /**
   * @param origin where the export began (the first run's backfill start); nothing before it is read
   * @param doneUntil everything created at or before this was read (origin - 1 at first)
   * @param window the window being read, or null between windows
   */
  record State(long origin, long doneUntil, Window window) {}

  private final KeyValueStore store;
  private final KeyValueMap cursors;
  private final KeyValueMap handled;
  private final String portalId;

  ExportCursor(KeyValueStore store, String destinationId, String portalId) {
    this.store = store;
    this.portalId = portalId;
    this.cursors = store.map("email-events-cursor:" + destinationId);
    this.handled = store.map("email-events-handled:" + destinationId + ":" + portalId);
  }

  /** The stored state, or null before the first run. */
  State load() {
    String text = cursors.get(portalId);
    if (text == null) return null;
    try {
      JsonNode j = JsonBodies.MAPPER.readTree(text);
      JsonNode w = j.path("window");
      Window window = w.isObject() ? new Window(w.path("start").asLong(), w.path("end").asLong(),
          w.path("query").asText(), w.hasNonNull("offset") ? w.get("offset").asText() : null) : null;
      return new State(j.path("origin").asLong(), j.path("doneUntil").asLong(), window);
    } catch (IOException e) {
      return null; // unreadable: start afresh; the handled set still keeps what was sent from going out again
    }
  }

  void save(State s) {
    ObjectNode j = JsonBodies.MAPPER.createObjectNode().put("origin", s.origin()).put("doneUntil", s.doneUntil());
    if (s.window() != null) {
      j.putObject("window").put("start", s.window().start()).put("end", s.window().end())
          .put("query", s.window().query()).put("offset", s.window().offset());
    }
    cursors.put(portalId, j.toString());
  }

  boolean handled(EventId id) {
    return handled.get(id.key()) != null;
  }

  void markHandled(Collection<EventId> ids) {
    for (EventId id : ids) handled.put(id.key(), "");
  }

  /** Forgets handled EventIds created before {@code created}: no poll reads that far back again. */
  int forgetBefore(long created) {
    String bound = EventId.keyFrom(created);
    List<String> old = new ArrayList<>();
    for (java.util.Map.Entry<String, String> e : handled.withPrefix("")) {
      if (e.getKey().compareTo(bound) >= 0) break;
      old.add(e.getKey());
    }
    old.forEach(handled::remove);
    return old.size();
  }

  long handledCount() {
    return handled.size();
  }

  /** Completes once everything put so far is durable. */
  Future<Void> commit() {
    return store.commit();
  }
}
