package io.hsdest.ingest.message;

import java.time.Instant;
import java.util.Map;

/**
 * The fields every Segment call shares.
 *
 * @param messageId the client's id, or a stable id derived from the message content when the client sent none
 * @param receivedAt when this server received the call (or the client's {@code receivedAt} if given)
 * @param source the message as the client sent it, with the messageId, type and receivedAt the server settled on:
 *     what durable delivery records, to read back the same message later
 */
public record Envelope(
    String messageId,
    String userId,
    String anonymousId,
    Instant timestamp,
    Instant originalTimestamp,
    Instant receivedAt,
    Context context,
    Map<String, Object> integrations,
    Source source) {

  public Instant eventTime() {
    if (timestamp != null) return timestamp;
    if (originalTimestamp != null) return originalTimestamp;
    return receivedAt;
  }
}
