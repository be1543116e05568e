package io.hsdest.ingest.message;

import java.time.Instant;
import java.util.Map;

/**
 * The fields every Segment call shares.
 *
 * @param messageId the client's id, or a stable id derived from the message content when the client sent none
 * @param receivedAt when this server received the call (or the client's {@code receivedAt} if given)
 */
public record Envelope(
    String messageId,
    String userId,
    String anonymousId,
    Instant timestamp,
    Instant originalTimestamp,
    Instant receivedAt,
    Context context,
    Map<String, Object> integrations) {

  public Instant eventTime() {
    if (timestamp != null) return timestamp;
    if (originalTimestamp != null) return originalTimestamp;
    return receivedAt;
  }
}
