package io.hsdest.store;

import io.vertx.core.Future;

/**
 * Durable named maps of strings: what the server must keep across a crash (ids, watermarks, pending
 * associations, receipts, dead letters, cursors). Two kinds: on this machine's disk (the default, and
 * sync mode), or shared through a compacted Kafka topic so that another instance taking over a
 * destination finds them. Puts are visible at once; they are durable once {@link #commit()} completes.
 */
public interface KeyValueStore {
  /** The map of this name (created when missing). Names are short ASCII words, e.g. {@code ids:acme}. */
  KeyValueMap map(String name);

  /** Completes once everything put so far is durable (written to disk, or acknowledged by Kafka). */
  Future<Void> commit();

  /** False for the in-memory store of dry-run destinations and validation: nothing survives a restart. */
  boolean durable();
}
