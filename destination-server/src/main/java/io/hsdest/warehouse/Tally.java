package io.hsdest.warehouse;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A collection's counts while its sync runs, readable by /status from other threads. */
final class Tally {
  final SourceCollection collection;
  final Instant startedAt;
  final AtomicLong rows = new AtomicLong();
  final AtomicLong archived = new AtomicLong();
  final AtomicLong merged = new AtomicLong();
  volatile String mode = "incremental";
  /** Email events: the oldest event written in this run (their pages come newest first). */
  long oldestEventMs = Long.MAX_VALUE;

  Tally(SourceCollection collection, Instant startedAt) {
    this.collection = collection;
    this.startedAt = startedAt;
  }

  CollectionReport report(Instant finishedAt, long notConverted, String error) {
    return new CollectionReport(collection, mode, rows.get(), archived.get(), merged.get(), notConverted, startedAt,
        finishedAt, error);
  }
}
