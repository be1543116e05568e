package io.hsdest.audiences;

/** HubSpot answered 404 for a bound list: it was deleted there (or the portal was reset). Control flow, no trace. */
final class ListGone extends RuntimeException {
  final String listId;

  ListGone(String listId) {
    super("list " + listId + " does not exist in HubSpot any more", null, false, false);
    this.listId = listId;
  }
}
