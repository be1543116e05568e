package io.hsdest.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;

/**
 * The dry-run sink: nothing leaves the machine. Each call is answered the way HubSpot answers a
 * success, with placeholder record ids derived from the input (stable across calls), so that
 * dependent operations (an association after its upserts) can be planned and shown.
 */
public final class DryRunHubSpotApi implements HubSpotApi {

  @Override
  public boolean live() {
    return false;
  }

  @Override
  public Future<HubSpotResponse> call(HubSpotCall call) {
    JsonNode body = call.body() == null ? JsonBodies.MAPPER.nullNode() : JsonBodies.MAPPER.valueToTree(call.body());
    ObjectNode out = JsonBodies.MAPPER.createObjectNode();
    int status = 200;
    switch (call.endpoint()) {
      case EVENTS_SEND, EVENTS_SEND_BATCH -> status = 204;
      case CONTACTS_UPSERT, COMPANIES_UPSERT, CONTACTS_UPDATE, COMPANIES_UPDATE -> records(body, out);
      case CONTACTS_READ, COMPANIES_READ -> {
        out.put("status", "COMPLETE").putArray("results");
      }
      case COMPANIES_SEARCH -> out.put("total", 0).putArray("results");
      case ASSOCIATIONS_DEFAULT, ASSOCIATIONS_CREATE -> {
        out.put("status", "COMPLETE");
        ArrayNode results = out.putArray("results");
        for (JsonNode in : body.path("inputs")) results.addObject().set("from", in.path("from"));
      }
      case LISTS_BY_NAME, LISTS_CREATE -> out.putObject("list").put("listId", placeholderId(call.path()))
          .put("processingType", "MANUAL");
      case PROPERTIES_CREATE, EVENT_DEFINITIONS_CREATE, EVENT_PROPERTY_CREATE -> status = 201;
      case EMAIL_EVENTS -> out.put("hasMore", false).putArray("events");
      default -> out.put("status", "COMPLETE");
    }
    return Future.succeededFuture(new HubSpotResponse(status, Map.of("x-hubspot-correlation-id", "dry-run"),
        status == 204 ? new byte[0] : JsonBodies.write(out)));
  }

  private static void records(JsonNode body, ObjectNode out) {
    out.put("status", "COMPLETE");
    ArrayNode results = out.putArray("results");
    String now = Instant.EPOCH.toString();
    for (JsonNode in : body.path("inputs")) {
      ObjectNode r = results.addObject();
      String key = in.has("idProperty") ? in.path("idProperty").asText() + "=" + in.path("id").asText() : in.path("id").asText();
      r.put("id", in.has("idProperty") ? placeholderId(key) : in.path("id").asText());
      r.set("properties", in.path("properties"));
      r.put("createdAt", now).put("updatedAt", now).put("archived", false).put("new", false);
      if (in.has("objectWriteTraceId")) r.set("objectWriteTraceId", in.get("objectWriteTraceId"));
    }
  }

  /** A number that stands in for a HubSpot record id; the same input always gets the same one. */
  static String placeholderId(String key) {
    return Long.toString(1_000_000_000L + (key.hashCode() & 0x7fffffffL) % 1_000_000_000L);
  }
}
