package io.hsdest.delivery;

import io.hsdest.clock.Scheduler;
import io.hsdest.config.DestinationSettings;
import io.hsdest.delivery.policy.PortalStanding;
import io.hsdest.delivery.policy.TokenBudget;
import io.hsdest.delivery.resolve.CompanyAdoption;
import io.hsdest.delivery.resolve.ListIds;
import io.hsdest.delivery.run.Engine;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.DryRunHubSpotApi;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.store.KeyValueStore;
import io.hsdest.store.PendingAssociations;
import io.hsdest.store.RecordIds;
import io.hsdest.store.StoreNames;
import io.hsdest.store.StoredPendingAssociations;
import io.hsdest.store.Watermarks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One destination's delivery, assembled: the engine on its loop with what it keeps (ids,
 * watermarks and pending associations in the store, namespaced by portal; adoption decisions in
 * memory), the pipeline that maps messages for it, and the throw-away engines {@code /v1/validate}
 * uses, which read the live destination's memory without changing it and send nothing.
 */
public final class DestinationDelivery {
  /** Everything a destination's delivery is built from. */
  /**
   * @param api HubSpot over HTTP, or the dry-run sink
   * @param paced {@code api} behind the token's budget ({@link io.hsdest.delivery.policy.PacedHubSpotApi}), for every call outside the lanes
   * @param schemas the portal's schema caches, read through {@code paced}
   * @param lists where Engage audiences' lists are found or created (the same list machinery as cohort syncs)
   */
  public record Parts(String destinationId, DestinationSettings settings, Scheduler scheduler, HubSpotApi api, HubSpotApi paced,
      Calls calls, PortalSchemas schemas, KeyValueStore store, ListIds lists, TokenBudget budget, Engine.Config config,
      int pendingAssociationMaxEntries, MeterRegistry metrics, RandomGenerator random) {}

  private final Parts parts;
  private final HubSpotApi paced;
  private final Engine.Memory memory;
  private final StoredPendingAssociations pending;
  private final DeliveryEngine engine;
  private final Engine core;
  private final DestinationPipeline pipeline;

  private DestinationDelivery(Parts p) {
    this.parts = p;
    String portal = p.settings().portalId();
    this.paced = p.paced();
    this.pending = new StoredPendingAssociations(p.store(), p.destinationId(), portal, p.pendingAssociationMaxEntries(),
        p.scheduler()::now);
    ListIds lists = p.lists();
    this.memory = new Engine.Memory(new RecordIds(1_000_000, p.store().map(StoreNames.ids(p.destinationId(), portal))),
        new Watermarks(500_000, p.store().map(StoreNames.watermarks(p.destinationId(), portal))), new CompanyAdoption(), pending, lists);
    this.core = new Engine(p.destinationId(), p.settings(), p.scheduler(), p.api(), paced, p.calls(), memory,
        new PortalStanding(p.budget()), p.config(), p.metrics(), p.random(), this::schemaStale,
        () -> p.store().durable() ? p.store().commit() : Future.succeededFuture());
    this.engine = new DeliveryEngine(core, p.scheduler());
    this.pipeline = new DestinationPipeline(p.destinationId(), p.settings(), p.schemas(), engine, this::validationEngine, paced,
        p.calls(), p.scheduler());
  }

  public static DestinationDelivery assemble(Parts parts) {
    return new DestinationDelivery(parts);
  }

  public DestinationPipeline pipeline() {
    return pipeline;
  }

  public DeliveryEngine engine() {
    return engine;
  }

  /** The token's paced HubSpot: every call made for this destination outside the lanes waits for the same budget. */
  public HubSpotApi paced() {
    return paced;
  }

  /** What the engine keeps about HubSpot (for tests of this package). */
  Engine.Memory memory() {
    return memory;
  }

  /** Pending associations waiting for their contact (for /status). */
  public long pendingAssociations() {
    return pending.size();
  }

  /**
   * Loads what the store kept (ids, watermarks: blocking, so on a worker) and makes the pending
   * associations whose contact is known already: after a crash, nothing promised waits for an
   * identify that came before.
   */
  public Future<Void> restore(Vertx vertx) {
    if (!parts.store().durable()) return Future.succeededFuture();
    long now = parts.scheduler().now();
    return vertx.executeBlocking(() -> {
      memory.ids().restore();
      memory.watermarks().restore(now);
      return pending.all();
    }).compose(entries -> {
      Promise<Void> done = Promise.promise();
      parts.scheduler().onLoop(() -> {
        core.restored(entries);
        done.complete();
      });
      return done.future();
    });
  }

  /** Sweeps expired pending associations every {@code periodMs}, on the engine's loop. */
  public void sweepEvery(long periodMs) {
    parts.scheduler().schedule(periodMs, () -> {
      pending.sweepExpired();
      sweepEvery(periodMs);
    });
  }

  /** A throw-away engine for one validation: the dry-run sink, and the live destination's memory, read-only. */
  private DeliveryEngine validationEngine() {
    Parts p = parts;
    HubSpotApi dryRun = new DryRunHubSpotApi();
    Engine.Memory readOnly = new Engine.Memory(memory.ids().readOnly(), memory.watermarks().readOnly(),
        memory.adoption().readOnly(), PendingAssociations.NONE, ListIds.NOT_LOOKED_UP);
    TokenBudget unlimited = new io.hsdest.delivery.policy.RateBudgets().forToken(null, 0, 0);
    Engine validation = new Engine(p.destinationId() + "-validate", p.settings(), p.scheduler(), dryRun, dryRun, p.calls(), readOnly,
        new PortalStanding(unlimited), p.config(), new SimpleMeterRegistry(), new SplittableRandom(), objectType -> { },
        Future::succeededFuture);
    return new DeliveryEngine(validation, p.scheduler());
  }

  private void schemaStale(String objectType) {
    parts.schemas().invalidate(objectType.equals("contacts") ? PortalSchemas.Part.CONTACTS : PortalSchemas.Part.COMPANIES);
  }
}
