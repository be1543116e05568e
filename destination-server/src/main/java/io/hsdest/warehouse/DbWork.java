package io.hsdest.warehouse;

/** A piece of blocking JDBC work, run on the destination's warehouse worker thread. */
@FunctionalInterface
interface DbWork<T> {
  T apply(Database db) throws Exception;
}
