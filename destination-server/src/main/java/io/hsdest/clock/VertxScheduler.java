package io.hsdest.clock;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** A Vert.x context's event loop and the wall clock. */
public final class VertxScheduler implements Scheduler {
  private final Context context;

  public VertxScheduler(Context context) {
    this.context = context;
  }

  @Override
  public long now() {
    return System.currentTimeMillis();
  }

  @Override
  public void execute(Runnable task) {
    context.runOnContext(v -> task.run());
  }

  @Override
  public long schedule(long delayMs, Runnable task) {
    Vertx vertx = context.owner();
    // a timer set from another thread must still fire on this context
    return vertx.setTimer(Math.max(1, delayMs), id -> {
      if (Vertx.currentContext() == context) task.run();
      else context.runOnContext(v -> task.run());
    });
  }

  @Override
  public void cancel(long id) {
    context.owner().cancelTimer(id);
  }

  @Override
  public boolean onLoop() {
    return Vertx.currentContext() == context;
  }

  public Context context() {
    return context;
  }
}
