package io.hsdest.delivery.resolve;

import io.vertx.core.Future;

/** Where an audience's list lives in HubSpot: its id by name (found or created as MANUAL), and forgetting one HubSpot refused. */
public interface ListIds {
  /**
   * The id of the MANUAL list of this name. Fails with a reason a person can act on: {@link Refused} when no retry
   * can fix it (HubSpot has a list of that name that is not MANUAL), anything else when a later attempt may succeed.
   */
  Future<String> idOf(String name);

  /** The list cannot be used, whatever the retry: a person must act (rename or delete HubSpot's list). */
  final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** HubSpot no longer has this list (deleted): the next {@link #idOf} finds or creates it again. */
  void forget(String listId);

  /** For {@code /v1/validate}: no list is looked up or created; the membership call shows the list by name. */
  ListIds NOT_LOOKED_UP = new ListIds() {
    @Override
    public Future<String> idOf(String name) {
      return Future.succeededFuture("{id of list " + name + "}");
    }

    @Override
    public void forget(String listId) {}
  };
}
