package io.hsdest.ingest;

import io.hsdest.ingest.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Segment messages for tests, parsed by the real parser. */
public final class TestMessages {
  private static final SegmentMessageParser PARSER = new SegmentMessageParser();
  public static final Instant RECEIVED = Instant.parse("2024-05-01T12:30:00Z");

  private TestMessages() {}

  public static Message parse(String json) {
    var parsed = PARSER.parseSingle(json.getBytes(StandardCharsets.UTF_8), null, RECEIVED);
    return ((SegmentMessageParser.Accepted) parsed.items().get(0)).message();
  }
}
