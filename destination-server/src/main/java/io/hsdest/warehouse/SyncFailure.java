package io.hsdest.warehouse;

/**
 * Why a sync run stopped: HubSpot refused a read for a reason retrying cannot fix, HubSpot stayed unreachable or
 * limited past the retries, or the database failed. The message names the collection and the call or statement,
 * never a token or a password.
 */
final class SyncFailure extends RuntimeException {
  SyncFailure(String message) {
    super(message, null, false, false);
  }
}
