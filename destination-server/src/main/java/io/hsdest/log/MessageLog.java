package io.hsdest.log;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * A durable, ordered log of accepted messages, one sequence per destination: what durable delivery
 * answers {@code ACCEPTED} for and reads back to deliver. Two implementations: {@link EmbeddedLog}
 * (files in the data directory, one machine) and {@link KafkaLog} (a topic shared by every instance).
 *
 * <p>Contract: an append completes only once durable; the reader sees each destination's entries in
 * append order, in large batches, from the context given to {@link #start}; an entry is read again
 * after a restart (or by the next owner) until it is {@link LogEntry#done() done}. Every method may
 * be called from any thread and none blocks the caller.
 */
public interface MessageLog {
  /**
   * Records entries (opaque bytes) for one destination, in this order. Completes only once durable:
   * written and forced to disk (embedded) or acknowledged by every in-sync replica (Kafka). Fails
   * with {@link LogUnavailable} (a retry-after and a reason fit for a client) when it cannot: log
   * full, disk error, Kafka unreachable within a bound. Nothing of a failed append is read later
   * (embedded); with Kafka a timed-out append may still land, which is why writes are idempotent.
   */
  Future<Void> append(String destinationId, List<byte[]> entries);

  /** Starts reading: {@code reader} is called on {@code context} for the destinations this instance owns. Once. */
  void start(Context context, LogReader reader);

  /** Per destination known here: entries not done, age of the oldest not done, what is stored; for /status and metrics. */
  Map<String, LogStats> stats();

  /** Stops reading and appending; commits what is done; entries not done are read again on the next start. */
  Future<Void> close();
}
