package io.hsdest.delivery;

import io.hsdest.delivery.batch.Arrivals;

/**
 * A sync-mode request in intake, from when intake began on it until delivery takes its plans (on
 * the delivery loop), or until it ends otherwise (refused, rejected, failed): batches that began
 * with it wait for it (see {@link Arrivals}). Closing it more than once is harmless.
 */
public final class Arrival {
  /** A request no batch waits for (durable intake, validation). */
  public static final Arrival NONE = new Arrival(null, null, null);

  private final Arrivals arrivals;
  private final Arrivals.Ticket ticket;
  private final Runnable ended;

  Arrival(Arrivals arrivals, Arrivals.Ticket ticket, Runnable ended) {
    this.arrivals = arrivals;
    this.ticket = ticket;
    this.ended = ended;
  }

  /** Intake is over (any thread); if delivery did not take it, a batch holding for it is looked at again. */
  public void close() {
    if (ticket != null && arrivals.close(ticket)) ended.run();
  }

  /** Delivery took its plans (on the delivery loop, which pumps next anyway). */
  void taken() {
    if (ticket != null) arrivals.close(ticket);
  }
}
