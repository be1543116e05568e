package io.hsdest.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.store.KeyValueMap;
import io.hsdest.store.KeyValueStore;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Amplitude's {@code message_id}s already applied, with the report each got, kept in the destination's store for
 * {@link #KEPT} (Amplitude resends a message it got no timely 200 for). A message seen again changes nothing and
 * is answered with its report; one arriving again while it is still being applied waits for that same sync. A
 * message that failed is not kept, so its resend runs again.
 */
final class CohortMessages {
  static final Duration KEPT = Duration.ofDays(7);
  private static final char SEP = '\u0000';

  private final KeyValueStore store;
  private final KeyValueMap done;
  private final String destinationId;
  private final Clock clock;
  private final Map<String, Future<Map<String, Object>>> running = new ConcurrentHashMap<>();
  private volatile long lastSweep;

  CohortMessages(KeyValueStore store, String destinationId, Clock clock) {
    this.store = store;
    this.done = store.map("amplitude-messages");
    this.destinationId = destinationId;
    this.clock = clock;
  }

  /** The report of {@code messageId}: the stored one, the running one, or {@code apply}'s, then kept. */
  Future<Map<String, Object>> once(String messageId, Supplier<Future<SyncReport>> apply) {
    if (messageId == null || messageId.isBlank()) return apply.get().map(SyncReport::toJson);
    sweepNowAndThen();
    String key = destinationId + SEP + messageId;
    Map<String, Object> stored = stored(key);
    if (stored != null) return Future.succeededFuture(stored);
    AtomicReference<Future<Map<String, Object>>> mine = new AtomicReference<>();
    Future<Map<String, Object>> f = running.computeIfAbsent(key, k -> {
      Future<SyncReport> applied = start(apply);
      applied.onSuccess(report -> keep(messageId, report));
      Future<Map<String, Object>> started = applied.map(SyncReport::toJson);
      mine.set(started);
      return started;
    });
    if (f == mine.get()) {
      f.onComplete(ar -> running.remove(key));
    }
    return f;
  }

  private Future<SyncReport> start(Supplier<Future<SyncReport>> apply) {
    Future<SyncReport> f;
    try {
      f = apply.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f;
  }

  /** Keeps the report of an applied message (before it leaves the running ones, so a resend finds one or the other). */
  private void keep(String messageId, SyncReport report) {
    if (messageId == null || messageId.isBlank()) return;
    Map<String, Object> kept = new java.util.LinkedHashMap<>(report.toJson(SyncReport.STORED_DROPPED));
    kept.put("keptAt", clock.millis());
    done.put(destinationId + SEP + messageId, new String(JsonBodies.write(kept), java.nio.charset.StandardCharsets.UTF_8));
    store.commit();
  }

  private Map<String, Object> stored(String key) {
    String v = done.get(key);
    if (v == null) return null;
    try {
      JsonNode n = JsonBodies.MAPPER.readTree(v);
      if (clock.millis() - n.path("keptAt").asLong() > KEPT.toMillis()) return null;
      @SuppressWarnings("unchecked")
      Map<String, Object> report = JsonBodies.MAPPER.convertValue(n, Map.class);
      report.remove("keptAt");
      return report;
    } catch (IOException e) {
      return null;
    }
  }

  /** Drops messages older than {@link #KEPT}, at most once an hour. */
  private void sweepNowAndThen() {
    long now = clock.millis();
    if (now - lastSweep < Duration.ofHours(1).toMillis()) return;
    lastSweep = now;
    String prefix = destinationId + SEP;
    boolean removed = false;
    for (Map.Entry<String, String> entry : done.withPrefix(prefix)) {
      String k = entry.getKey();
      try {
        if (now - JsonBodies.MAPPER.readTree(entry.getValue()).path("keptAt").asLong() > KEPT.toMillis()) {
          done.remove(k);
          removed = true;
        }
      } catch (IOException | RuntimeException e) {
        done.remove(k);
        removed = true;
      }
    }
    if (removed) store.commit();
  }

  long kept() {
    long n = 0;
    for (Map.Entry<String, String> ignored : done.withPrefix(destinationId + SEP)) n++;
    return n;
  }
}
