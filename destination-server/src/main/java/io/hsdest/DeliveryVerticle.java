package io.hsdest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Function;

/**
 * Gives one destination's delivery engine its own event-loop context: the engine is built in
 * {@link #start()} on that context and never touched from another thread.
 */
final class DeliveryVerticle extends VerticleBase {
  private final Function<Context, Future<?>> build;

  /** @param build builds the engine on the verticle's context; its future completes when the engine is ready */
  DeliveryVerticle(Function<Context, Future<?>> build) {
    this.build = build;
  }

  @Override
  public Future<?> start() {
    return build.apply(context);
  }
}
