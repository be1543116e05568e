package io.hsdest.delivery.batch;

import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests being read and mapped, not yet handed to delivery, by when intake began on them. Intake
 * runs on other threads than delivery and takes CPU time: concurrent requests sent together reach
 * delivery spread over tens of milliseconds on a busy machine, more than the batch delay. A lane
 * holds its batch for those that began within the batch delay of its own (see {@link Feeders}).
 * Thread-safe: intake opens and closes from any thread, the lanes read on the delivery loop.
 */
public final class Arrivals {
  /** One request in intake; closing it twice is harmless. */
  public record Ticket(long at, long seq) {}

  private final ConcurrentSkipListSet<Ticket> open =
      new ConcurrentSkipListSet<>(Comparator.comparingLong(Ticket::at).thenComparingLong(Ticket::seq));
  private final AtomicLong sequence = new AtomicLong();

  public Ticket open(long at) {
    Ticket t = new Ticket(at, sequence.incrementAndGet());
    open.add(t);
    return t;
  }

  /** Whether this closed it (it was open). */
  public boolean close(Ticket t) {
    return open.remove(t);
  }

  /** Whether a request that began at or before {@code at} is still in intake. */
  boolean anyUpTo(long at) {
    // the oldest; the iterator is weakly consistent, so a ticket closed meanwhile is no race
    Iterator<Ticket> oldest = open.iterator();
    return oldest.hasNext() && oldest.next().at() <= at;
  }
}
