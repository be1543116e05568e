package io.hsdest.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
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
  private static final byte[] MESSAGE = "\"message\":".getBytes(StandardCharsets.UTF_8);

  private RecordedMessages() {}

  public static byte[] encode(Message m) {
    Source s = m.envelope().source();
    if (!s.copyable()) return JsonBodies.write(s.settled()); // plain values, as parsed: streamed, not data-bound
    // sized once and filled by copying: this runs for every message durable mode takes
    byte[][] parts = {WRAPPED, field("messageId", s.messageId()), field("type", s.type()), field("receivedAt",
        s.receivedAt().toString()), MESSAGE};
    int size = s.length() + 1;
    for (byte[] p : parts) size += p.length;
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    System.arraycopy(s.body(), s.offset(), out, at, s.length());
    out[size - 1] = '}';
    return out;
  }

  /** {@code "name":"value",} with the value escaped as JSON requires. */
  private static byte[] field(String name, String value) {
    byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(value);
    byte[] out = new byte[name.length() + quoted.length + 6];
    out[0] = '"';
    int at = 1;
    for (int i = 0; i < name.length(); i++) out[at++] = (byte) name.charAt(i);
    out[at++] = '"';
    out[at++] = ':';
    out[at++] = '"';
    System.arraycopy(quoted, 0, out, at, quoted.length);
    at += quoted.length;
    out[at++] = '"';
    out[at] = ',';
    return out;
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
