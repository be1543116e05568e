package io.hsdest.fake;

import io.vertx.core.Context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs Java-API calls on the fake's event loop so its state needs no locks. On the loop thread itself the call runs
 * directly (no self-deadlock); from any other thread it is queued on the loop and the caller waits for the result.
 */
final class Confinement {
  /** For code that already runs on the loop (the /__fake handlers). */
  static final Confinement DIRECT = new Confinement(null, null);

  private final Context context;
  private final Thread loopThread;

  Confinement(Context context, Thread loopThread) {
    this.context = context;
    this.loopThread = loopThread;
  }

  <T> T call(Supplier<T> action) {
    if (context == null || Thread.currentThread() == loopThread) {
      return action.get();
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        f.complete(action.get());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the fake's event loop", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the fake's event loop did not answer within 30 s", e);
    }
  }

  void run(Runnable action) {
    call(() -> {
      action.run();
      return null;
    });
  }
}
