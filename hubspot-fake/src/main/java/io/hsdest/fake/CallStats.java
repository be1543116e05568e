package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Counters kept since start or the last reset, never trimmed.
 *
 * @param byEndpoint       endpoint template -> status -> count
 * @param byStatus         status -> count (0 = hung, never answered)
 * @param tooManyRequests  every 429 the fake sent, whatever its cause (limit, random fault, script)
 * @param eventOccurrencesStored custom event occurrences accepted and stored (duplicates by uuid not counted)
 */
public record CallStats(long total, Map<String, Map<Integer, Long>> byEndpoint, Map<Integer, Long> byStatus,
                        long tooManyRequests, long serverErrors, long hung, long eventOccurrencesStored) {

  public long count(String endpoint, int status) {
    return byEndpoint.getOrDefault(endpoint, Map.of()).getOrDefault(status, 0L);
  }

  public long count(String endpoint) {
    return byEndpoint.getOrDefault(endpoint, Map.of()).values().stream().mapToLong(Long::longValue).sum();
  }

  public JsonObject toJson() {
    JsonObject endpoints = new JsonObject();
    byEndpoint.forEach((k, v) -> {
      JsonObject s = new JsonObject();
      v.forEach((status, n) -> s.put(String.valueOf(status), n));
      endpoints.put(k, s);
    });
    JsonObject statuses = new JsonObject();
    byStatus.forEach((status, n) -> statuses.put(String.valueOf(status), n));
    return new JsonObject().put("total", total).put("tooManyRequests", tooManyRequests)
        .put("serverErrors", serverErrors).put("hung", hung).put("eventOccurrencesStored", eventOccurrencesStored)
        .put("byStatus", statuses).put("byEndpoint", endpoints);
  }
}
