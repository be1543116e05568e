package io.hsdest.ops;

/**
 * A part of {@code GET /status} that a capability beside the delivery pipe contributes per destination (email
 * events, list syncs, the warehouse...). Called from any thread; must never return a secret.
 */
public interface StatusSection {
  /** The key the section appears under in each destination's status, e.g. {@code emailEvents}. */
  String name();

  /** This destination's section, or null to leave it out. */
  Object status(String destinationId);
}
