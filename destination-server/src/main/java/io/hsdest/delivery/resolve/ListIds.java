package io.hsdest.delivery.resolve;

import io.vertx.core.Future;

/** Where an audience's list lives in HubSpot: its id by name (found or created as MANUAL), and forgetting one HubSpot refused. */
public interface ListIds {
  /** The id of the MANUAL list of this name; fails with a reason a person can act on. */
  Future<String> idOf(String name);

  /** HubSpot no longer has this list (deleted): the next {@link #idOf} finds or creates it again. */
  void forget(String listId);
}
