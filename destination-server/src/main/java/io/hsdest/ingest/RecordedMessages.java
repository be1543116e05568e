package io.hsdest.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.ingest.message.Message;
import io.hsdest.ingest.message.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * How durable delivery records a message and reads it back: the message as the client sent it, with
 * the messageId, type and receivedAt the server settled on (so the same message comes back, with the
 * same event time and the same HubSpot event uuid), never a write key.
 *
 * <p>Two forms. Usually the client's own bytes, copied from the request, inside a small wrapper that
 * holds the settled fields: {@code {"hsdestRecorded":2,"messageId":..,"type":..,"receivedAt":..,"message":{...}}}
 * (writing the parsed values out again took about a tenth of durable mode's CPU). When the message
 * carries a {@code writeKey}, or was itself read back from a record, its plain form: the settled
 * message as one JSON object, which is also what records written before the wrapper hold.
 */
public final class RecordedMessages {
  private static final SegmentMessageParser PARSER = new SegmentMessageParser();
  private static final byte[] WRAPPED = "{\"hsdestRecorded\":2,".getBytes(StandardCharsets.UTF_8);

  private RecordedMessages() {}

  public static byte[] encode(Message m) {
    Source s = m.envelope().source();
    if (!s.copyable()) return JsonBodies.write(s.settled()); // plain values, as parsed: streamed, not data-bound
    try (ByteArrayBuilder out = new ByteArrayBuilder(s.length() + 160)) {
      out.write(WRAPPED);
      field(out, "messageId", s.messageId());
      field(out, "type", s.type());
      field(out, "receivedAt", s.receivedAt().toString());
      out.write("\"message\":".getBytes(StandardCharsets.UTF_8));
      out.write(s.body(), s.offset(), s.length());
      out.append('}');
      return out.toByteArray();
    }
  }

  private static void field(ByteArrayBuilder out, String name, String value) {
    out.append('"');
    out.write(name.getBytes(StandardCharsets.UTF_8));
    out.write("\":\"".getBytes(StandardCharsets.UTF_8));
    out.write(JsonStringEncoder.getInstance().quoteAsUTF8(value));
    out.append('"');
    out.append(',');
  }

  public static Message decode(byte[] recorded) {
    return PARSER.fromRecorded(plainValues(recorded));
  }

  /** The recorded message in its plain form, whichever form it was recorded in: what dead letters show and replay. */
  public static byte[] plain(byte[] recorded) {
    return wrapped(recorded) ? JsonBodies.write(plainValues(recorded)) : recorded;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plainValues(byte[] recorded) {
    Object value = PARSER.readRecorded(recorded);
    if (!(value instanceof Map)) throw new IllegalArgumentException("a recorded message is not a JSON object");
    Map<String, Object> node = (Map<String, Object>) value;
    if (!wrapped(recorded)) return node;
    if (!(node.get("message") instanceof Map<?, ?> message) || !(node.get("receivedAt") instanceof String receivedAt)) {
      throw new IllegalArgumentException("a recorded message lacks its message or receivedAt");
    }
    return new Source((Map<String, Object>) message, SegmentMessageParser.text(node, "messageId"), SegmentMessageParser.text(node,
        "type"), Instant.parse(receivedAt), null, 0, 0).settled();
  }

  private static boolean wrapped(byte[] recorded) {
    return recorded.length > WRAPPED.length && Arrays.equals(recorded, 0, WRAPPED.length, WRAPPED, 0, WRAPPED.length);
  }
}
