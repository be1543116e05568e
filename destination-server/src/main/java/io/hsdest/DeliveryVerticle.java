package io.hsdest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Consumer;

/**
 * Gives one destination's delivery engine its own event-loop context: the engine is built in
 * {@link #start()} on that context and never touched from another thread.
 */
final class DeliveryVerticle extends VerticleBase {
  private final Consumer<Context> build;

  DeliveryVerticle(Consumer<Context> build) {
    this.build = build;
  }

  @Override
  public Future<?> start() {
    build.accept(context);
    return Future.succeededFuture();
  }
}
