package io.hsdest.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.store.LocalStore;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * Each audience key's list name and last sync report, in the local store per portal (so {@code GET
 * /v1/audiences/{key}} answers after a restart). Reports keep at most {@link SyncReport#STORED_DROPPED} dropped
 * members.
 */
final class AudienceRecords {
  private static final char SEP = '\u0000';

  private final LocalStore store;
  private final MVMap<String, String> map;
  private final String portalId;

  AudienceRecords(LocalStore store, String portalId) {
    this.store = store;
    this.map = store.map("audiences");
    this.portalId = portalId;
  }

  void synced(String audienceKey, SyncReport report) {
    ObjectNode o = JsonBodies.MAPPER.createObjectNode();
    o.put("listName", report.listName());
    o.put("listId", report.listId());
    o.set("lastSync", JsonBodies.MAPPER.valueToTree(report.toJson(SyncReport.STORED_DROPPED)));
    map.put(key(audienceKey), o.toString());
    store.commit();
  }

  /** The audience's record ({@code listName}, {@code listId}, {@code lastSync}), or null. */
  JsonNode get(String audienceKey) {
    String v = map.get(key(audienceKey));
    if (v == null) return null;
    try {
      return JsonBodies.MAPPER.readTree(v);
    } catch (IOException e) {
      return null;
    }
  }

  long count() {
    long n = 0;
    String prefix = portalId + SEP;
    for (Iterator<String> it = map.keyIterator(prefix); it.hasNext() && it.next().startsWith(prefix); ) n++;
    return n;
  }

  private String key(String audienceKey) {
    return portalId + SEP + audienceKey;
  }

  static Map<String, Object> asMap(JsonNode n) {
    return JsonBodies.MAPPER.convertValue(n, Map.class);
  }
}
