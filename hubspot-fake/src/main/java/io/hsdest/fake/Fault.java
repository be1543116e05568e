package io.hsdest.fake;

/** What a random fault roll decided for one request. */
enum Fault {
  NONE, SERVER_ERROR, TOO_MANY_REQUESTS, LOCKED, MIGRATION, HANG
}
