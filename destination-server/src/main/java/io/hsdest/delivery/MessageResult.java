package io.hsdest.delivery;

import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import java.util.List;

/**
 * What happened to one message. {@code outcome == null} means not final: the request must be
 * answered 429 or 503 (see {@link #pending}) and resent by the client.
 *
 * @param requests the HubSpot calls this message took part in (with bodies in dry-run)
 */
public record MessageResult(
    String messageId,
    String type,
    Outcome outcome,
    Reason reason,
    String detail,
    List<Warning> warnings,
    List<CallRecord> requests,
    Pending pending) {

  /** Why a message is not final yet, and when the client may try again. */
  public record Pending(Kind kind, long retryAfterMs, String why) {
    public enum Kind {
      /** Too much queued for this destination, or HubSpot's rate limit: answer 429. */
      RATE_LIMITED,
      /** HubSpot down or refusing the token, shutting down, timed out: answer 503. */
      UNAVAILABLE
    }
  }

  public boolean isFinal() {
    return outcome != null;
  }

  /** A HubSpot call as seen in a result: method, path, correlation id, and the body in dry-run. */
  public record CallRecord(String method, String path, String correlationId, Object body) {}
}
