package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "The next {@code times} calls to {@code method path} answer with this": a canned answer that takes precedence over
 * everything else (auth, limits, faults, state). Nothing is applied to the state. {@code path} may use {@code *}
 * for any characters; {@code method} may be {@code *}. In {@code body}, {@code {{correlationId}}} is replaced by the
 * call's correlation id. {@code hang} = accept and never answer.
 */
public record ScriptedResponse(String method, String path, int times, int status, Map<String, String> headers,
                               String body, boolean hang) {

  public ScriptedResponse {
    if (times <= 0) {
      throw new IllegalArgumentException("times must be > 0");
    }
    headers = Map.copyOf(headers == null ? Map.of() : headers);
    method = method == null ? "*" : method;
  }

  public static ScriptedResponse of(String method, String path, int times, int status, String body) {
    return new ScriptedResponse(method, path, times, status, Map.of(), body, false);
  }

  public static ScriptedResponse of(String method, String path, int times, int status, Map<String, String> headers,
                                    String body) {
    return new ScriptedResponse(method, path, times, status, headers, body, false);
  }

  public static ScriptedResponse hang(String method, String path, int times) {
    return new ScriptedResponse(method, path, times, 0, Map.of(), null, true);
  }

  static ScriptedResponse fromJson(JsonObject j) {
    Map<String, String> headers = new LinkedHashMap<>();
    JsonObject h = j.getJsonObject("headers", new JsonObject());
    h.forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    Object body = j.getValue("body");
    String bodyText = body == null ? null : body instanceof String ? (String) body : io.vertx.core.json.Json.encode(body);
    return new ScriptedResponse(j.getString("method", "*"), j.getString("path"), j.getInteger("times", 1),
        j.getInteger("status", 200), headers, bodyText, j.getBoolean("hang", false));
  }

  JsonObject toJson() {
    return new JsonObject().put("method", method).put("path", path).put("times", times).put("status", status)
        .put("headers", new JsonObject(new LinkedHashMap<>(headers))).put("body", body).put("hang", hang);
  }
}
