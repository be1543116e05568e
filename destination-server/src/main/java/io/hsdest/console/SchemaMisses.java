package io.hsdest.console;

import io.hsdest.delivery.MessageResult;
import io.hsdest.ingest.message.Message;
import io.hsdest.ingest.message.Track;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What delivery found missing in the portal's schema (as its schema caches know it), counted by reason and name:
 * properties that do not exist, audience checkbox properties not created, event definitions not found, unique id
 * properties missing. The answer to "why was this property dropped", for the whole destination at once. At most
 * {@code MAX_NAMES} names are tracked; later new names are counted under "(other)".
 */
final class SchemaMisses {
  static final Set<Reason> COUNTED = EnumSet.of(Reason.PROPERTY_UNKNOWN, Reason.EVENT_PROPERTY_UNKNOWN,
      Reason.AUDIENCE_PROPERTY_MISSING, Reason.EVENT_DEFINITION_NOT_FOUND, Reason.EVENT_NOT_MAPPED,
      Reason.PROPERTY_DOESNT_EXIST, Reason.PROPERTY_READ_ONLY, Reason.READ_ONLY_VALUE, Reason.ID_PROPERTY_MISSING,
      Reason.COMPANY_ID_PROPERTY_MISSING, Reason.PROPERTY_WOULD_BE_CREATED, Reason.EVENT_DEFINITION_WOULD_BE_CREATED);
  private static final int MAX_NAMES = 200;

  private record Key(Reason reason, String name) {}

  private static final class Tally {
    long count;
    long lastAt;
    String example;
  }

  private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();

  void count(Message m, MessageResult r, long now) {
    for (Warning w : r.warnings()) {
      if (COUNTED.contains(w.reason())) add(w.reason(), w.property() != null ? w.property() : subject(m), w.message(), now);
    }
    if (r.reason() != null && COUNTED.contains(r.reason())) add(r.reason(), subject(m), r.detail(), now);
  }

  /** For a message-level reason (an event not found), the name the sender used. */
  private static String subject(Message m) {
    return m instanceof Track t ? t.event() : null;
  }

  private void add(Reason reason, String name, String example, long now) {
    Key key = new Key(reason, name == null ? "" : name);
    if (!tallies.containsKey(key) && tallies.size() >= MAX_NAMES) key = new Key(reason, "(other)");
    Tally t = tallies.computeIfAbsent(key, k -> new Tally());
    synchronized (t) {
      t.count++;
      t.lastAt = now;
      if (example != null) t.example = example.length() > 300 ? example.substring(0, 300) + "…" : example;
    }
  }

  /** The most frequent first. */
  List<Map<String, Object>> snapshot(int limit) {
    List<Map.Entry<Key, Tally>> all = new ArrayList<>(tallies.entrySet());
    all.sort(Comparator.comparingLong((Map.Entry<Key, Tally> e) -> -e.getValue().count));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<Key, Tally> e : all.subList(0, Math.min(limit, all.size()))) {
      Map<String, Object> m = new LinkedHashMap<>();
      synchronized (e.getValue()) {
        m.put("reason", e.getKey().reason().name());
        m.put("name", e.getKey().name());
        m.put("count", e.getValue().count);
        m.put("lastAt", java.time.Instant.ofEpochMilli(e.getValue().lastAt).toString());
        m.put("example", e.getValue().example);
      }
      out.add(m);
    }
    return out;
  }
}
