package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The batch request and response shapes shared by the CRM and association batch endpoints. */
final class Batches {
  private Batches() {
  }

  /** {@code inputs} of a batch body, at most {@code max} of them (DOC-OBJ: 100 for object batches). */
  static JsonArray inputs(JsonObject body, int max) {
    Object v = body.getValue("inputs");
    if (!(v instanceof JsonArray)) {
      throw Envelopes.validation("Invalid input JSON: 'inputs' is required and must be an array");
    }
    JsonArray inputs = (JsonArray) v;
    if (inputs.size() > max) {
      throw Envelopes.validation("Batch input has " + inputs.size() + " inputs, which exceeds the maximum of " + max);
    }
    return inputs;
  }

  static JsonObject input(JsonArray inputs, int i) {
    Object o = inputs.getValue(i);
    if (!(o instanceof JsonObject)) {
      throw Envelopes.invalidJson("inputs[" + i + "] must be an object");
    }
    return (JsonObject) o;
  }

  /** A string field that HubSpot also accepts as a JSON number; null if absent. */
  static String text(JsonObject o, String key) {
    Object v = o.getValue(key);
    return v == null ? null : v instanceof String ? (String) v : String.valueOf(v);
  }

  /** BatchResponse: 200/201 without errors, 207 with {@code numErrors} and {@code errors}. */
  static JsonObject response(JsonArray results, JsonArray errors, long startedAt) {
    JsonObject body = new JsonObject().put("status", "COMPLETE").put("results", results);
    if (!errors.isEmpty()) {
      body.put("numErrors", errors.size()).put("errors", errors);
    }
    return body.put("startedAt", Timestamps.iso(startedAt))
        .put("completedAt", Timestamps.iso(Math.max(startedAt, System.currentTimeMillis())));
  }

  static Reply reply(int okStatus, JsonArray results, JsonArray errors, long startedAt) {
    return Reply.json(errors.isEmpty() ? okStatus : 207, response(results, errors, startedAt));
  }
}
