package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One portal's marketing email events (hubspot-api.md section 9), ordered by their EventId ({@code created}, then
 * {@code id}), each visible to the API from its {@code visibleAt} on (HubSpot shows some events later than they were
 * created), plus the short-lived offset tokens handed out while paging. Event loop only.
 */
final class EmailEventLog {
  /** An EventId: HubSpot's key of an email event. */
  record Key(long created, String id) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Long.compare(created, o.created);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  record Stored(JsonObject event, long visibleAt) {
  }

  /** Where a paged query stopped: the EventId of the last event it returned, for the query it belongs to. */
  record Position(String query, Key last, long expiresAt) {
  }

  private static final int MAX_TOKENS = 10_000;
  private final NavigableMap<Key, Stored> events = new TreeMap<>();
  private final Map<String, Position> tokens = new HashMap<>();
  private final SecureRandom random = new SecureRandom();

  /**
   * Stores (or replaces: same EventId, same event) a copy of one event as HubSpot keeps it: a documented type, an
   * {@code id} (made up when missing), {@code created} (now when missing), the portal's id, and a recipient for every
   * type but UNBOUNCE. Returns the stored copy.
   */
  JsonObject put(JsonObject event, long portalId, long now, long visibleAt) {
    JsonObject e = event.copy();
    String type = e.getString("type");
    if (type == null || !EmailEventsApi.EVENT_TYPES.contains(type)) {
      throw new IllegalArgumentException("email event type must be one of " + EmailEventsApi.EVENT_TYPES + ", was "
          + type);
    }
    if (!type.equals("UNBOUNCE") && (e.getString("recipient") == null || e.getString("recipient").isBlank())) {
      throw new IllegalArgumentException("a " + type + " email event needs a recipient");
    }
    if (e.getValue("created") == null) {
      e.put("created", now);
    } else if (!(e.getValue("created") instanceof Number)) {
      throw new IllegalArgumentException("created must be epoch milliseconds");
    }
    if (e.getString("id") == null) {
      e.put("id", java.util.UUID.randomUUID().toString());
    }
    if (!type.equals("UNBOUNCE")) {
      e.put("portalId", portalId);
    }
    events.put(new Key(e.getLong("created"), e.getString("id")), new Stored(e, visibleAt));
    return e.copy();
  }

  /** Every event, newest first, visible or not (for inspection). */
  List<JsonObject> all() {
    List<JsonObject> out = new ArrayList<>(events.size());
    events.descendingMap().values().forEach(s -> out.add(s.event().copy()));
    return out;
  }

  int size() {
    return events.size();
  }

  /**
   * The events with {@code start <= created <= end} strictly older than {@code after} (newest first, null = from the
   * newest), whatever the filter's verdict; the caller filters and stops after a page.
   */
  Iterator<Stored> newestFirst(long start, long end, Key after) {
    if (start > end) {
      return java.util.Collections.emptyIterator();
    }
    Key high = new Key(end, "\uffff");
    Key low = new Key(start, "");
    NavigableMap<Key, Stored> range = events.subMap(low, true, high, true);
    if (after != null) {
      range = range.headMap(after, false);
    }
    return range.descendingMap().values().iterator();
  }

  /** A new opaque token for the next page of {@code query}, valid for {@code ttlMs}. */
  String token(String query, Key last, long now, long ttlMs) {
    if (tokens.size() >= MAX_TOKENS) {
      tokens.values().removeIf(p -> p.expiresAt() <= now);
      if (tokens.size() >= MAX_TOKENS) {
        tokens.clear(); // a runaway client: its old tokens expire early, as short-lived tokens may
      }
    }
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    tokens.put(token, new Position(query, last, now + ttlMs));
    return token;
  }

  /** The position of a token for this query, or null when the token is unknown, expired or from another query. */
  Position resolve(String token, String query, long now) {
    Position p = tokens.get(token);
    if (p == null || p.expiresAt() <= now || !p.query().equals(query)) {
      return null;
    }
    return p;
  }
}
