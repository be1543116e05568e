package io.hsdest.fake;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer, computed synchronously by an endpoint and written later by {@link Exchange} (after latency).
 * A body that is a JsonObject with a {@code correlationId} key gets the request's correlation id filled in, so
 * envelopes can be built without knowing it.
 */
final class Reply {
  final int status;
  final Object body; // JsonObject, JsonArray, String (raw JSON) or null
  final Map<String, String> headers = new LinkedHashMap<>();

  private Reply(int status, Object body) {
    this.status = status;
    this.body = body;
  }

  static Reply json(int status, JsonObject body) {
    return new Reply(status, body);
  }

  static Reply json(int status, JsonArray body) {
    return new Reply(status, body);
  }

  static Reply raw(int status, String body) {
    return new Reply(status, body);
  }

  static Reply noContent() {
    return new Reply(204, null);
  }

  Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  Buffer encode(String correlationId) {
    if (body == null) {
      return null;
    }
    if (body instanceof JsonObject) {
      JsonObject o = (JsonObject) body;
      if (o.containsKey("correlationId") && o.getValue("correlationId") == null) {
        o.put("correlationId", correlationId);
      }
      return o.toBuffer();
    }
    if (body instanceof JsonArray) {
      return ((JsonArray) body).toBuffer();
    }
    return Buffer.buffer(((String) body).replace("{{correlationId}}", correlationId));
  }
}
