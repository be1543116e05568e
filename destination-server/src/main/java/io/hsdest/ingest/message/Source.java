package io.hsdest.ingest.message;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message as the client sent it, and what the server settled on for it (messageId, type,
 * receivedAt): what durable delivery records, to read the same message back later. It remembers
 * where the message's JSON sits in the request body, so recording it can copy those bytes instead
 * of writing the parsed values out again. Two sources are equal when they record the same message.
 *
 * @param node the message's JSON object, as parsed
 * @param body the request body holding it, or null (read back from a record: nothing to copy)
 * @param offset where the message's JSON starts in {@code body}
 * @param length how long it is
 */
public record Source(Map<String, Object> node, String messageId, String type, Instant receivedAt, byte[] body, int offset,
    int length) {

  /** The message as recorded in plain JSON: the client's fields, no {@code writeKey}, the settled ones put in. */
  public Map<String, Object> settled() {
    Map<String, Object> m = new LinkedHashMap<>(node);
    m.remove("writeKey");
    m.put("messageId", messageId);
    m.put("type", type);
    m.put("receivedAt", receivedAt.toString());
    return m;
  }

  /** Whether the client's bytes can be recorded as they are: a write key in them must not reach the log. */
  public boolean copyable() {
    return body != null && !node.containsKey("writeKey");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Source s && settled().equals(s.settled());
  }

  @Override
  public int hashCode() {
    return settled().hashCode();
  }

  @Override
  public String toString() {
    return "Source" + settled();
  }
}
