package io.hsdest.ingest;

import io.hsdest.hubspot.JsonBodies;
import io.hsdest.ingest.message.Message;

/**
 * How durable delivery records a message and reads it back: the message as the client sent it, with
 * the messageId, type and receivedAt the server settled on (so the same message comes back, with the
 * same event time and the same HubSpot event uuid), never a write key.
 */
public final class RecordedMessages {
  private static final SegmentMessageParser PARSER = new SegmentMessageParser();

  private RecordedMessages() {}

  public static byte[] encode(Message m) {
    return JsonBodies.write(m.envelope().source()); // plain values, as parsed: streamed, not data-bound
  }

  public static Message decode(byte[] recorded) {
    return PARSER.parseRecorded(recorded);
  }
}
