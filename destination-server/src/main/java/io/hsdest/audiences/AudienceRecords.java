package io.hsdest.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.store.KeyValueMap;
import io.hsdest.store.KeyValueStore;
import java.io.IOException;
import java.util.Map;

/**
 * Each audience key's list name and last sync report, in the destination's store per portal (shared through Kafka on several instances) (so {@code GET
 * /v1/audiences/{key}} answers after a restart). Reports keep at most {@link SyncReport#STORED_DROPPED} dropped
 * members.
 */
final class AudienceRecords {
  private static final char SEP = '\u0000';

  private final KeyValueStore store;
  private final KeyValueMap map;
  private final String portalId;

  AudienceRecords(KeyValueStore store, String portalId) {
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
    for (Map.Entry<String, String> ignored : map.withPrefix(portalId + SEP)) n++;
    return n;
  }

  private String key(String audienceKey) {
    return portalId + SEP + audienceKey;
  }

  static Map<String, Object> asMap(JsonNode n) {
    return JsonBodies.MAPPER.convertValue(n, Map.class);
  }
}
