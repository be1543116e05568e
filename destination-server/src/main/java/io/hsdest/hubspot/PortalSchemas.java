package io.hsdest.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsdest.hubspot.schema.EventDefinition;
import io.hsdest.hubspot.schema.EventDefinitions;
import io.hsdest.hubspot.schema.ObjectSchema;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One portal's contact and company properties and custom event definitions, cached for an hour
 * (Caffeine). Concurrent misses share one fetch; {@link #refresh} re-reads a part at most once per
 * {@code minRefreshInterval} (on an unknown name, after a {@code PROPERTY_DOESNT_EXIST}); a fetch
 * that fails is not cached. Without a live client every part is {@code UNKNOWN}.
 */
public final class PortalSchemas {
  public enum Part { CONTACTS, COMPANIES, EVENTS }

  private final HubSpotApi api;
  private final Calls calls;
  private final String portalId;
  private final Clock clock;
  private final Duration minRefreshInterval;
  private final AsyncLoadingCache<Part, Object> cache;
  private final Map<Part, CompletableFuture<Object>> refreshing = new ConcurrentHashMap<>();

  public PortalSchemas(HubSpotApi api, Calls calls, String portalId, Clock clock, Duration ttl, Duration minRefreshInterval) {
    this.api = api;
    this.calls = calls;
    this.portalId = portalId;
    this.clock = clock;
    this.minRefreshInterval = minRefreshInterval;
    this.cache = Caffeine.newBuilder()
        .expireAfterWrite(ttl)
        .ticker(() -> clock.millis() * 1_000_000L)
        // a failed read completes normally with Failed, which get() removes: Caffeine would otherwise log each failure
        // (stack and all) on its own, besides the destination's own warning about HubSpot
        .buildAsync((part, executor) -> load(part).exceptionally(Failed::of));
  }

  /** A read that failed, held by the cache only until the callers sharing it have been told. */
  private record Failed(Throwable cause) {
    static Object of(Throwable e) {
      return new Failed(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e);
    }
  }

  public Future<ObjectSchema> contacts() {
    return get(Part.CONTACTS).map(ObjectSchema.class::cast);
  }

  public Future<ObjectSchema> companies() {
    return get(Part.COMPANIES).map(ObjectSchema.class::cast);
  }

  public Future<EventDefinitions> events() {
    return get(Part.EVENTS).map(EventDefinitions.class::cast);
  }

  /**
   * The part as cached now, or null when it is not (never read, expired, being read, failed). Never starts a read:
   * for durable intake, which maps ahead with what is at hand and must not wait for HubSpot.
   */
  public Object cachedNow(Part part) {
    if (!api.live()) return unknown(part);
    CompletableFuture<Object> read = cache.getIfPresent(part);
    if (read == null || !read.isDone() || read.isCompletedExceptionally()) return null;
    Object held = read.join();
    return held instanceof Failed ? null : held;
  }

  private Future<Object> get(Part part) {
    if (!api.live()) return Future.succeededFuture(unknown(part));
    CompletableFuture<Object> read = cache.get(part);
    return Future.fromCompletionStage(read).compose(v -> {
      if (!(v instanceof Failed f)) return Future.succeededFuture(v);
      cache.asMap().remove(part, read);
      return Future.failedFuture(f.cause());
    });
  }

  /**
   * Re-reads a part unless it was read within the minimum interval; concurrent calls share one
   * read. Returns whether a new read was made.
   */
  public Future<Boolean> refresh(Part part) {
    if (!api.live()) return Future.succeededFuture(false);
    CompletableFuture<Object> current = cache.getIfPresent(part);
    Object held = current != null && current.isDone() && !current.isCompletedExceptionally() ? current.join() : null;
    if (held != null && !(held instanceof Failed)) {
      java.time.Instant fetched = held instanceof ObjectSchema o ? o.fetchedAt() : ((EventDefinitions) held).fetchedAt();
      if (Duration.between(fetched, clock.instant()).compareTo(minRefreshInterval) < 0) return Future.succeededFuture(false);
    }
    CompletableFuture<Object> fresh = refreshing.computeIfAbsent(part, p -> {
      CompletableFuture<Object> f = load(p);
      f.whenComplete((v, e) -> {
        refreshing.remove(p);
        if (e == null) cache.put(p, CompletableFuture.completedFuture(v));
      });
      return f;
    });
    return Future.fromCompletionStage(fresh).map(true);
  }

  /** Forgets a part: HubSpot said a property does not exist, or a property was just created. */
  public void invalidate(Part part) {
    cache.synchronous().invalidate(part);
  }

  private CompletableFuture<Object> load(Part part) {
    Future<Object> f = switch (part) {
      case CONTACTS -> readProperties("contacts");
      case COMPANIES -> readProperties("companies");
      case EVENTS -> readEventDefinitions(null, new HashMap<>()).map(defs -> (Object) EventDefinitions.of(defs, clock.instant()));
    };
    return f.toCompletionStage().toCompletableFuture();
  }

  private Future<Object> readProperties(String objectType) {
    return api.call(calls.readProperties(objectType)).compose(r -> {
      if (!r.isSuccess()) return Future.failedFuture(new SchemaUnavailable(HubSpotError.of(r)));
      return Future.succeededFuture(ObjectSchema.of(objectType, SchemaReader.properties(r.json().path("results")), clock.instant()));
    });
  }

  private Future<Map<String, EventDefinition>> readEventDefinitions(String after, Map<String, EventDefinition> into) {
    return api.call(calls.readEventDefinitions(after)).compose(r -> {
      if (!r.isSuccess()) return Future.failedFuture(new SchemaUnavailable(HubSpotError.of(r)));
      JsonNode json = r.json();
      SchemaReader.eventDefinitions(json.path("results"), portalId, into);
      String next = json.path("paging").path("next").path("after").asText(null);
      return next == null || next.isEmpty() || into.size() > 5_000 ? Future.succeededFuture(into) : readEventDefinitions(next, into);
    });
  }

  private static Object unknown(Part part) {
    return part == Part.EVENTS ? EventDefinitions.UNKNOWN : ObjectSchema.UNKNOWN;
  }

  /** A schema read that HubSpot answered with an error; carries the parsed error. */
  public static final class SchemaUnavailable extends RuntimeException {
    public final HubSpotError error;

    SchemaUnavailable(HubSpotError error) {
      super("schema read failed: " + error.describe(), null, false, false);
      this.error = error;
    }
  }
}
