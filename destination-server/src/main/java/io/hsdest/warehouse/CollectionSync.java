package io.hsdest.warehouse;

import io.vertx.core.Future;

/** Copies one HubSpot collection into its table for one run, counting into the tally as it goes. */
interface CollectionSync {
  SourceCollection collection();

  Future<Void> run(SyncRun run, Tally tally);
}
