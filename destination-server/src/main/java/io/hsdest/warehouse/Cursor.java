package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Where a collection's sync stands, committed with the rows it describes (table {@code _hsdest_sync_state}).
 *
 * <p>A run walks the records modified since {@code since} (all of them when null: the first, full copy) in
 * ascending record id, {@code afterId} being the last id written. When the walk and the archived listing are
 * done, {@code completedThrough} becomes the walk's start, and the next run asks for records modified since that
 * minus an overlap: never a gap (a record changed while the walk ran is modified after its start, so the next
 * run takes it), never past the run's start. A run that fails keeps the cursor of its last committed page, and
 * the next run resumes that same walk (same {@code since}, same start). A changed portal id, or a table that had
 * to be created again, starts over with a full copy: HubSpot is the truth, the cursor only a hint.
 *
 * @param stage {@code WALK} (reading changed records), {@code ARCHIVED} (reading the archived listing),
 *     {@code DONE}
 */
record Cursor(String portalId, String stage, Long since, long walkStart, String afterId, Long completedThrough) {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String WALK = "WALK";
  static final String ARCHIVED = "ARCHIVED";
  static final String DONE = "DONE";

  /** The cursor this run works with: the stored walk resumed, or a new full or incremental one. */
  static Cursor forRun(String stored, boolean tableCreated, String portalId, long runStartMs, long overlapMs) {
    Cursor c = tableCreated ? null : parse(stored);
    if (c != null && !portalId.equals(c.portalId)) c = null;
    if (c != null && !DONE.equals(c.stage)) return c;
    Long since = c == null || c.completedThrough == null ? null : c.completedThrough - overlapMs;
    return new Cursor(portalId, WALK, since, runStartMs, null, c == null ? null : c.completedThrough);
  }

  boolean full() {
    return since == null;
  }

  Cursor after(String lastId) {
    return new Cursor(portalId, WALK, since, walkStart, lastId, completedThrough);
  }

  Cursor walked() {
    return new Cursor(portalId, ARCHIVED, since, walkStart, null, completedThrough);
  }

  Cursor finished() {
    return new Cursor(portalId, DONE, null, walkStart, null, walkStart);
  }

  String json() {
    ObjectNode o = JSON.createObjectNode().put("portalId", portalId).put("stage", stage).put("walkStart", walkStart);
    if (since != null) o.put("since", since);
    if (afterId != null) o.put("afterId", afterId);
    if (completedThrough != null) o.put("completedThrough", completedThrough);
    return o.toString();
  }

  static Cursor parse(String json) {
    if (json == null || json.isBlank()) return null;
    try {
      JsonNode n = JSON.readTree(json);
      return new Cursor(n.path("portalId").asText(""), n.path("stage").asText(DONE),
          n.hasNonNull("since") ? n.path("since").asLong() : null, n.path("walkStart").asLong(),
          n.hasNonNull("afterId") ? n.path("afterId").asText() : null,
          n.hasNonNull("completedThrough") ? n.path("completedThrough").asLong() : null);
    } catch (IOException e) {
      return null; // unreadable: start over, HubSpot is the truth
    }
  }
}
