package io.hsdest.mapping;

/** The final outcomes a client sees for a message (interface.md). */
public enum Outcome {
  DELIVERED,
  DELIVERED_WITH_WARNINGS,
  /** Nothing to send for this call type with these settings; not an error. */
  SKIPPED,
  /** Refused for a reason no retry can fix; {@code reason} says which. */
  DROPPED,
  /**
   * Durable delivery only: recorded in the log, delivered after the answer; {@code GET /v1/messages/{id}}
   * tells the outcome later.
   */
  ACCEPTED
}
