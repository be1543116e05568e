package io.hsdest.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.store.KeyValueMap;
import io.hsdest.store.KeyValueStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MANUAL contact list behind each name: found by name (HubSpot compares names ignoring case) or created, then
 * bound by its list id in the local store, so a rename in HubSpot changes nothing. A binding is a hint: it is
 * checked against HubSpot (the list must still exist and be the one bound, by its creation time) at most every
 * {@value #VERIFY_MINUTES} minutes, and a list HubSpot says is gone is {@link #forget forgotten}, so the next
 * lookup finds or creates it again. A list of that name that is not MANUAL is an error naming it, never a silent
 * duplicate. Bindings are kept per portal id, so a token for another portal under the same data directory never
 * reuses this portal's ids.
 *
 * <p>Thread-safe: callers on any thread asking for the same name share one lookup (and one creation).
 */
public final class ListDirectory {
  static final int VERIFY_MINUTES = 30;
  private static final Duration VERIFIED_FOR = Duration.ofMinutes(VERIFY_MINUTES);
  private static final char SEP = '\u0000';

  private final HubSpotApi hubspot;
  private final Calls calls;
  private final KeyValueStore store;
  private final KeyValueMap bindings;
  private final String portalId;
  private final Clock clock;
  private final Map<String, Lookup> lookups = new HashMap<>();

  /**
   * A list ready for membership changes, and how this lookup found it: {@code created} (so it is known to be
   * empty) and {@code replacedGone} (a bound list was gone and this one was made instead) only for the caller
   * whose lookup did it.
   */
  record Bound(String listId, String createdAt, boolean created, boolean replacedGone) {
    Bound reused() {
      return new Bound(listId, createdAt, false, false);
    }
  }

  private record Lookup(Future<Bound> result, long startedAt) {}

  public ListDirectory(HubSpotApi pacedHubSpot, Calls calls, KeyValueStore store, String portalId, Clock clock) {
    this.hubspot = pacedHubSpot;
    this.calls = calls;
    this.store = store;
    this.bindings = store.map("audience-lists");
    this.portalId = portalId;
    this.clock = clock;
  }

  /**
   * The id of the MANUAL contact list {@code name} (the full name, prefix included), found or created. Fails with a
   * message naming the list when HubSpot holds a list of that name that is not MANUAL, or when HubSpot cannot be
   * reached.
   */
  public Future<String> listId(String name) {
    return bind(name).map(Bound::listId);
  }

  /**
   * HubSpot answered 404 for this list (deleted there, or the portal was reset): the binding is dropped, and the
   * next {@link #listId} finds or creates the list again.
   */
  public synchronized void forget(String listId) {
    lookups.values().removeIf(l -> l.result.succeeded() && l.result.result().listId().equals(listId));
    List<String> bound = new ArrayList<>();
    for (Map.Entry<String, String> e : bindings.withPrefix(portalId + SEP)) {
      if (e.getValue().startsWith(listId + "|")) bound.add(e.getKey());
    }
    bound.forEach(bindings::remove);
    store.commit();
  }

  /** How many names are bound for this portal (for /status). */
  long boundLists() {
    long n = 0;
    for (Map.Entry<String, String> ignored : bindings.withPrefix(portalId + SEP)) n++;
    return n;
  }

  Future<Bound> bind(String name) {
    String key = portalId + SEP + name.toLowerCase(Locale.ROOT);
    Promise<Bound> mine = Promise.promise();
    synchronized (this) {
      Lookup current = lookups.get(key);
      long now = clock.millis();
      if (current != null && !current.result.failed()
          && (!current.result.isComplete() || now - current.startedAt < VERIFIED_FOR.toMillis())) {
        return current.result.map(Bound::reused);
      }
      lookups.put(key, new Lookup(mine.future(), now));
    }
    resolve(name, key).onComplete(mine);
    return mine.future();
  }

  private Future<Bound> resolve(String name, String key) {
    String stored = bindings.get(key);
    if (stored == null) return findOrCreate(name, key, false);
    int bar = stored.indexOf('|');
    String listId = stored.substring(0, bar);
    String createdAt = stored.substring(bar + 1);
    return Answers.to(hubspot, calls.listById(listId), "reading list " + name).compose(r -> {
      if (r.isSuccess()) {
        JsonNode list = r.json().path("list");
        // the same list (created at the same moment) even if renamed in HubSpot; a reset portal may reuse the id
        if (createdAt.equals(list.path("createdAt").asText())) return Future.succeededFuture(new Bound(listId, createdAt, false, false));
      } else if (r.status() != 404) {
        return Future.failedFuture(SyncFailure.of(r, "reading list " + name));
      }
      bindings.remove(key);
      return findOrCreate(name, key, true);
    });
  }

  private Future<Bound> findOrCreate(String name, String key, boolean replacingGone) {
    return byName(name).compose(found -> {
      if (found != null) return Future.succeededFuture(bound(key, found, false, false));
      Map<String, Object> body = Map.of("name", name, "objectTypeId", "0-1", "processingType", "MANUAL");
      return Answers.to(hubspot, calls.createList(body), "creating list " + name).compose(r -> {
        if (r.isSuccess()) return Future.succeededFuture(bound(key, r.json().path("list"), true, replacingGone));
        if ("ILS.DUPLICATE_LIST_NAMES".equals(HubSpotError.of(r).subCategory())) {
          // created meanwhile by someone else, or a list of another object type holds the name
          return byName(name).compose(again -> again != null ? Future.succeededFuture(bound(key, again, false, false))
              : Future.failedFuture(new SyncFailure(409, "LIST_NAME_TAKEN", "HubSpot already has a list named \"" + name
                  + "\" that is not a contact list; rename it in HubSpot or choose another audience name", 0)));
        }
        return Future.failedFuture(SyncFailure.of(r, "creating list " + name));
      });
    });
  }

  /** The contact list of this name, checked to be MANUAL; null when HubSpot has none. */
  private Future<JsonNode> byName(String name) {
    return Answers.to(hubspot, calls.listByName(name), "looking up list " + name).compose(r -> {
      if (r.isSuccess()) {
        JsonNode list = r.json().path("list");
        String type = list.path("processingType").asText();
        if (!"MANUAL".equals(type)) {
          return Future.failedFuture(new SyncFailure(409, "LIST_NOT_MANUAL", "HubSpot's list \"" + list.path("name").asText(name)
              + "\" (id " + list.path("listId").asText() + ") is " + type + ", not MANUAL: its members are not set by hand. "
              + "Rename or delete it in HubSpot, or give the audience another name", 0));
        }
        return Future.succeededFuture(list);
      }
      if (notFound(r)) return Future.succeededFuture(null);
      return Future.failedFuture(SyncFailure.of(r, "looking up list " + name));
    });
  }

  /** HubSpot's "List does not exist with name ..." (a 404; some answers seen in the wild use 400 with that text). */
  private static boolean notFound(HubSpotResponse r) {
    return r.status() == 404 || (r.status() == 400 && String.valueOf(HubSpotError.of(r).message()).contains("does not exist"));
  }

  private Bound bound(String key, JsonNode list, boolean created, boolean replacedGone) {
    String listId = list.path("listId").asText();
    String createdAt = list.path("createdAt").asText();
    bindings.put(key, listId + "|" + createdAt);
    store.commit(); // a hint: losing it in a crash costs one lookup by name, nothing else
    return new Bound(listId, createdAt, created, replacedGone);
  }
}
