package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every destination's warehouse sync, by destination id: built when the server starts (only for destinations
 * whose {@code warehouse.enabled} is on), scheduled, stopped with the server, and asked for status.
 */
public final class Warehouses implements io.hsdest.ops.StatusSection {
  private final Vertx vertx;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final Map<String, WarehouseSync> byDestination = new ConcurrentHashMap<>();

  public Warehouses(Vertx vertx, MeterRegistry metrics, Clock clock) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Adds the destination's sync if its settings enable one, and schedules its first run; nothing otherwise.
   *
   * @param settings the destination's settings, validated and with defaults
   * @param paced the destination's HubSpot client that spends the token's shared rate budget
   * @param runsHere whether scheduled runs happen on this instance now (with Kafka, on the one delivering the destination)
   */
  public void add(String destinationId, String portalId, JsonNode settings, String dataDir, HubSpotApi paced,
      Calls calls, java.util.function.BooleanSupplier runsHere) {
    WarehouseSettings w = WarehouseSettings.of(settings, dataDir, destinationId);
    if (!w.enabled()) return;
    WarehouseSync sync = new WarehouseSync(vertx, destinationId, portalId, w, paced, calls, clock, metrics, backoff());
    byDestination.put(destinationId, sync);
    sync.schedule(Duration.ofMillis(Long.getLong("hsdest.warehouse.firstRunDelayMs", 60_000L)), runsHere);
  }

  /** Retry pacing; a system property lets tests shorten the base wait. */
  private static Backoff backoff() {
    long base = Long.getLong("hsdest.warehouse.retryBaseMs", Backoff.DEFAULT.baseMs());
    return new Backoff(base, Math.max(base, Backoff.DEFAULT.capMs()), Backoff.DEFAULT.maxAttempts());
  }

  public WarehouseSync forDestination(String destinationId) {
    return byDestination.get(destinationId);
  }

  public boolean isEmpty() {
    return byDestination.isEmpty();
  }

  /** The destination's warehouse section of /status: {@code {"enabled":false}} without one. */
  /** The key of the warehouse section in {@code /status}. */
  @Override
  public String name() {
    return "warehouse";
  }

  @Override
  public Map<String, Object> status(String destinationId) {
    WarehouseSync s = byDestination.get(destinationId);
    if (s == null) {
      Map<String, Object> off = new LinkedHashMap<>();
      off.put("enabled", false);
      return off;
    }
    return s.status();
  }

  /** Stops every schedule; runs under way get {@code graceMs} to finish. */
  public Future<Void> stop(long graceMs) {
    List<Future<Void>> all = new ArrayList<>();
    for (WarehouseSync s : byDestination.values()) all.add(s.stop(graceMs));
    return Future.join(all).mapEmpty();
  }
}
