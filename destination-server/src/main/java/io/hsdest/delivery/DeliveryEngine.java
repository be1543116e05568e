package io.hsdest.delivery;

import io.hsdest.clock.Scheduler;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.delivery.batch.Arrivals;
import io.hsdest.delivery.run.Engine;
import io.hsdest.mapping.Plan;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/**
 * The delivery engine of one destination as the rest of the server sees it: callable from any
 * thread, answering with futures completed on the caller's context. The engine itself
 * ({@link Engine}) is confined to its own loop; see the package doc for the contract.
 */
public final class DeliveryEngine {
  private final Engine engine;
  private final Scheduler scheduler;

  public DeliveryEngine(Engine engine, Scheduler scheduler) {
    this.engine = engine;
    this.scheduler = scheduler;
  }

  /**
   * Delivers the plans of one client request. The future completes once every message is final,
   * or at {@code timeoutMs} with the unfinished ones marked not final.
   */
  public Future<List<MessageResult>> deliver(List<Plan> plans, long timeoutMs) {
    return deliver(plans, timeoutMs, Arrival.NONE);
  }

  /** As {@link #deliver(List, long)}, for a request that was in intake as {@code arrival}. */
  public Future<List<MessageResult>> deliver(List<Plan> plans, long timeoutMs, Arrival arrival) {
    Context caller = Vertx.currentContext();
    Promise<List<MessageResult>> promise = Promise.promise();
    scheduler.onLoop(() -> {
      engine.deliver(plans, timeoutMs, results -> {
        if (caller == null || caller == Vertx.currentContext()) promise.complete(results);
        else caller.runOnContext(v -> promise.complete(results));
      });
      arrival.taken();
    });
    return promise.future();
  }

  /** A request for this destination begins intake now (any thread): batches taken meanwhile may wait for it. */
  public Arrival arriving() {
    Arrivals arrivals = engine.arrivals();
    return new Arrival(arrivals, arrivals.open(scheduler.now()), () -> scheduler.onLoop(engine::arrivalEnded));
  }

  /** Stops taking requests, sends what is queued without waiting for fuller batches, and answers the rest not final. */
  public Future<Void> drain(long graceMs) {
    Promise<Void> done = Promise.promise();
    scheduler.onLoop(() -> engine.drain(graceMs, done::complete));
    return done.future();
  }

  /** For /status: how much is waiting and whether HubSpot is refusing us. */
  public Future<Map<String, Object>> status() {
    Promise<Map<String, Object>> p = Promise.promise();
    scheduler.onLoop(() -> p.complete(engine.status()));
    return p.future();
  }

  /**
   * Whether requests are being refused for load right now (any thread may ask): intake then answers
   * 429/503 without parsing and mapping a request only to refuse it. Null when not.
   */
  public Pending busy() {
    return engine.busy();
  }
}
