package io.hsdest.warehouse;

import io.hsdest.hubspot.Calls;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;

/**
 * One run of a destination's warehouse sync: when it started, its HubSpot reads, and its one database
 * connection, reached only through {@link #db} on the destination's single warehouse worker thread (so JDBC never
 * runs on an event loop and never on two threads at once).
 */
final class SyncRun {
  /** How far back each incremental run looks before the previous run's start: HubSpot's search index lags. */
  static final long OVERLAP_MS = 10 * 60_000L;

  final Instant start;
  final String portalId;
  final PatientHubSpot hubspot;
  final Calls calls;
  final Clock clock;
  private final WorkerExecutor worker;
  private final Database database;

  SyncRun(Instant start, String portalId, PatientHubSpot hubspot, Calls calls, Clock clock, WorkerExecutor worker,
      Database database) {
    this.start = start;
    this.portalId = portalId;
    this.hubspot = hubspot;
    this.calls = calls;
    this.clock = clock;
    this.worker = worker;
    this.database = database;
  }

  /** Runs blocking JDBC work on the worker; a failure rolls the open transaction back. */
  <T> Future<T> db(DbWork<T> work) {
    return worker.executeBlocking(() -> {
      try {
        return work.apply(database);
      } catch (Exception e) {
        database.rollback();
        throw e;
      }
    }, true);
  }

  long unconverted() {
    return database.unconverted();
  }
}
