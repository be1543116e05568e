package io.hsdest.fake;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * One API call the fake answered (or chose not to answer: status 0 means "hung, never answered").
 *
 * @param timeMs        when the request arrived (epoch ms)
 * @param endpoint      the route template, e.g. {@code POST /crm/v3/objects/contacts/batch/upsert}; counts are kept per endpoint
 * @param requestBody   the raw request body, or null if the call log's body capacity was exceeded or there was none
 * @param portalId      the portal of the token, or 0 when the token was unknown
 */
public record CallRecord(long timeMs, String method, String path, String query, int status, String requestBody,
                         String correlationId, long portalId, String endpoint) {

  /** The request body parsed as JSON (JsonObject, JsonArray, ...), the raw string if it is not JSON, or null. */
  public Object requestJson() {
    if (requestBody == null || requestBody.isEmpty()) {
      return null;
    }
    try {
      return Json.decodeValue(requestBody);
    } catch (DecodeException e) {
      return requestBody;
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("time", timeMs).put("method", method).put("path", path).put("query", query)
        .put("status", status).put("endpoint", endpoint).put("correlationId", correlationId)
        .put("portalId", portalId).put("body", requestJson());
  }
}
