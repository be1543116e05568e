package io.hsdest.mapping;

/** The final outcomes a client sees for a message (interface.md). */
public enum Outcome {
  DELIVERED,
  DELIVERED_WITH_WARNINGS,
  /** Nothing to send for this call type with these settings; not an error. */
  SKIPPED,
  /** Refused for a reason no retry can fix; {@code reason} says which. */
  DROPPED
}
