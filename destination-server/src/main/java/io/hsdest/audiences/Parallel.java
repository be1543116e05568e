package io.hsdest.audiences;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one HubSpot batch call per chunk with a few in flight at once (the paced client still spends the token's
 * budget call by call). Fails with the first failure; chunks already sent finish on their own.
 */
final class Parallel {
  static final int IN_FLIGHT = 4;

  private Parallel() {}

  static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) out.add(items.subList(i, Math.min(items.size(), i + size)));
    return out;
  }

  static <T> Future<Void> each(List<T> items, Function<T, Future<?>> action) {
    if (items.isEmpty()) return Future.succeededFuture();
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable[] start = new Runnable[1];
    start[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= items.size() || failed.get()) return;
      Future<?> f;
      try {
        f = action.apply(items.get(i));
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (ar.failed()) {
          if (failed.compareAndSet(false, true)) done.fail(ar.cause());
          return;
        }
        if (finished.incrementAndGet() == items.size()) done.tryComplete();
        else start[0].run();
      });
    };
    for (int i = 0; i < Math.min(IN_FLIGHT, items.size()); i++) start[0].run();
    return done.future();
  }
}
