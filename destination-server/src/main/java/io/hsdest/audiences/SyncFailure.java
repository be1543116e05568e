package io.hsdest.audiences;

import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;

/**
 * Why a sync could not finish, as the client is answered: the status (429 or 503 with {@code Retry-After} when a
 * resend may succeed; 409 when HubSpot holds something in the way), a code and a message without secrets. Nothing
 * a sync wrote before failing needs undoing: every step is idempotent, so the resend leaves the list exact.
 */
public final class SyncFailure extends RuntimeException {
  final int status;
  final String code;
  final long retryAfterSeconds;

  SyncFailure(int status, String code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whether HubSpot holds something in the way that no retry can fix (a list of the name that is not MANUAL). */
  public boolean noRetryCanFix() {
    return status == 409;
  }

  /** HubSpot answered {@code what} with an error. */
  static SyncFailure of(HubSpotResponse r, String what) {
    HubSpotError e = HubSpotError.of(r);
    long hinted = e.retryAfterMs() > 0 ? (e.retryAfterMs() + 999) / 1000 : -1;
    return switch (e.kind()) {
      case RATE_LIMITED -> new SyncFailure(429, "RATE_LIMITED", "HubSpot's rate limit was reached while " + what
          + " (" + e.describe() + "); resend the request", hinted > 0 ? hinted : 10);
      case LOCKED, MIGRATING, TRANSIENT -> new SyncFailure(503, "RETRY_LATER", "HubSpot is unavailable: " + what
          + " failed (" + e.describe() + "); resend the request", hinted > 0 ? hinted : 5);
      case AUTH -> new SyncFailure(503, "HUBSPOT_AUTH", "HubSpot refused the destination's access token while " + what
          + "; fix the token, then resend", 60);
      case FORBIDDEN -> new SyncFailure(503, "HUBSPOT_SCOPES", "the destination's HubSpot app lacks scopes for " + what
          + " (lists need crm.lists.read and crm.lists.write; contacts crm.objects.contacts.read and .write): " + e.describe(), 60);
      default -> new SyncFailure(503, "HUBSPOT_REFUSED", "HubSpot refused " + what + ": " + e.describe(), 60);
    };
  }

  /** No answer came (connection refused, timeout). */
  static SyncFailure noAnswer(String what, Throwable cause) {
    return new SyncFailure(503, "RETRY_LATER", "HubSpot did not answer while " + what + " ("
        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()) + "); resend the request", 5);
  }
}
