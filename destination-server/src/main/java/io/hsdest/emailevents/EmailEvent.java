package io.hsdest.emailevents;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One marketing email event as HubSpot's email events API answered it: its EventId, type and recipient, and the
 * whole JSON for the per-type fields.
 *
 * @param type null for a type this export does not know
 * @param recipient null when the event names none (UNBOUNCE)
 */
record EmailEvent(EventId eventId, EmailEventType type, String hubspotType, String recipient, JsonNode json) {

  /** The event in this JSON, or null when it lacks the EventId ({@code id} and numeric {@code created}). */
  static EmailEvent of(JsonNode json) {
    JsonNode id = json.get("id");
    JsonNode created = json.get("created");
    if (id == null || !id.isTextual() || id.asText().isEmpty() || created == null || !created.canConvertToLong()) {
      return null;
    }
    String type = json.path("type").asText(null);
    String recipient = json.path("recipient").asText("").trim();
    return new EmailEvent(new EventId(created.asLong(), id.asText()), EmailEventType.of(type), type,
        recipient.isEmpty() ? null : recipient, json);
  }

  long created() {
    return eventId.created();
  }

  /** A field's text, or null when absent or empty. */
  String text(String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) return null;
    String t = v.asText();
    return t.isEmpty() ? null : t;
  }
}
