package io.hsdest.console;

import io.vertx.core.Future;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One HubSpot answer kept for a while, so that a console left open (it polls) does not spend the token's budget:
 * concurrent askers share one call in flight, and a fresh one is made only when the kept one is older than asked.
 * Thread-safe.
 */
final class CachedAnswer<T> {
  private final Supplier<Future<T>> fetch;
  private final LongSupplier clock;
  private Future<T> current;
  private long fetchedAt;

  CachedAnswer(Supplier<Future<T>> fetch, LongSupplier clock) {
    this.fetch = fetch;
    this.clock = clock;
  }

  /** The kept answer if younger than {@code maxAgeMs} (or still coming), else a new one. */
  synchronized Future<T> get(long maxAgeMs) {
    long now = clock.getAsLong();
    if (current != null && (!current.isComplete() || now - fetchedAt < maxAgeMs)) return current;
    fetchedAt = now;
    current = fetch.get();
    return current;
  }

  /** The kept answer when it has arrived, else null; never calls HubSpot. */
  synchronized T peek() {
    return current != null && current.succeeded() ? current.result() : null;
  }

  /** When the kept answer was asked for (0 when never). */
  synchronized long fetchedAt() {
    return fetchedAt;
  }
}
