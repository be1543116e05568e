package io.hsdest.delivery.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotError;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * List ids by name, from HubSpot's lists v3: looked up by name, a missing list created as MANUAL;
 * concurrent askers share one lookup. A lookup that failed is not kept, and a list HubSpot refuses
 * is forgotten, so it is found (or created) again.
 */
public final class HubSpotListIds implements ListIds {
  private final HubSpotApi api;
  private final Calls calls;
  private final Map<String, Future<String>> byName = new ConcurrentHashMap<>();

  public HubSpotListIds(HubSpotApi api, Calls calls) {
    this.api = api;
    this.calls = calls;
  }

  @Override
  public Future<String> idOf(String name) {
    Future<String> cached = byName.get(name);
    if (cached != null && !cached.failed()) return cached;
    Future<String> f = api.call(calls.listByName(name)).compose(r -> {
      if (r.isSuccess()) return manualList(r.json(), name);
      if (r.status() == 404 || (r.status() == 400 && String.valueOf(HubSpotError.of(r).message()).contains("does not exist"))) {
        Map<String, Object> body = Map.of("name", name, "objectTypeId", "0-1", "processingType", "MANUAL");
        return api.call(calls.createList(body)).compose(c -> c.isSuccess() ? manualList(c.json(), name)
            : Future.failedFuture("creating list " + name + " failed: " + HubSpotError.of(c).describe()));
      }
      return Future.failedFuture("reading list " + name + " failed: " + HubSpotError.of(r).describe());
    });
    byName.put(name, f);
    f.onFailure(e -> byName.remove(name, f));
    return f;
  }

  @Override
  public void forget(String listId) {
    byName.entrySet().removeIf(e -> e.getValue().succeeded() && listId.equals(e.getValue().result()));
  }

  private static Future<String> manualList(JsonNode json, String name) {
    JsonNode list = json.has("list") ? json.path("list") : json;
    String type = list.path("processingType").asText("MANUAL");
    if (!type.equals("MANUAL") && !type.equals("SNAPSHOT")) {
      return Future.failedFuture("list " + name + " is " + type + "; audience sync needs a MANUAL list (LIST_NOT_MANUAL)");
    }
    return Future.succeededFuture(list.path("listId").asText());
  }
}
