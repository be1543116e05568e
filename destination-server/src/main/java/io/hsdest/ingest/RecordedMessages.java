package io.hsdest.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsdest.ingest.message.Message;
import java.io.UncheckedIOException;

/**
 * How durable delivery records a message and reads it back: the message as the client sent it, with
 * the messageId, type and receivedAt the server settled on (so the same message comes back, with the
 * same event time and the same HubSpot event uuid), never a write key.
 */
public final class RecordedMessages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SegmentMessageParser PARSER = new SegmentMessageParser();

  private RecordedMessages() {}

  public static byte[] encode(Message m) {
    try {
      return JSON.writeValueAsBytes(m.envelope().source());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Message decode(byte[] recorded) {
    return PARSER.parseRecorded(recorded);
  }
}
