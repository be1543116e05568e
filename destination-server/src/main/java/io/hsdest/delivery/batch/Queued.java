package io.hsdest.delivery.batch;

import io.hsdest.mapping.op.Operation;

/** What a lane needs to know of the work it queues: the operation, and how it may be batched. */
public interface Queued {
  Operation op();

  /** False once the work is done or withdrawn: a lane then drops it. */
  boolean live();

  /** Writes to one record merge into one input, unless one of them must go on its own (a follow-up). */
  boolean mergeable();

  /** When the request this work belongs to was taken; {@code orElse} for internal work. */
  long admittedAt(long orElse);

  /** The messageId of the message this work serves, or null for internal work. */
  String messageId();

  /** The time of the message, for "latest write wins" merging. */
  long timestampMs();

  /** Whether this work already went through an operation of this kind before its current one (some steps run once). */
  boolean wentThrough(Class<? extends Operation> kind);

  /** The lane put it in this input (or in none, while it waits for its record's call in flight). */
  void queuedIn(Input<?> input);
}
