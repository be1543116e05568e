package io.hsdest.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.hsdest.ingest.message.Alias;
import io.hsdest.ingest.message.Context;
import io.hsdest.ingest.message.Envelope;
import io.hsdest.ingest.message.Group;
import io.hsdest.ingest.message.Identify;
import io.hsdest.ingest.message.Message;
import io.hsdest.ingest.message.Page;
import io.hsdest.ingest.message.Screen;
import io.hsdest.ingest.message.Source;
import io.hsdest.ingest.message.Timestamps;
import io.hsdest.ingest.message.Track;
import java.io.CharConversionException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a request body into typed messages. Whole-body problems (bad JSON, {@code batch} not an
 * array, ...) throw {@link IngestError}; a problem with one message of a batch only rejects that
 * message, so the rest of the batch is still delivered.
 */
final class SegmentMessageParser {
  static final int MAX_MESSAGE_BYTES = 32 * 1024;
  /** Segment's own limit for one batch; the Segment and RudderStack libraries send 15 to 250. */
  static final int MAX_BATCH_MESSAGES = 2_500;
  private static final int MAX_NESTING = 200;

  private final JsonFactory factory;

  SegmentMessageParser() {
    factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
        .build();
  }

  /** What one request carried. */
  record ParsedBody(String writeKey, List<Item> items) {}

  sealed interface Item permits Accepted, Rejected {
    int index();
  }

  record Accepted(int index, Message message) implements Item {}

  /** A message refused on its own; {@code status} is the 4xx it earns. */
  record Rejected(int index, String messageId, String type, int status, String code, String reason) implements Item {}

  /** A batch body: {@code {"batch":[...], "writeKey"?, ...}}. */
  ParsedBody parseBatch(byte[] body, Instant receivedAt) {
    requireBody(body);
    String writeKey = null;
    List<Item> items = null;
    try (JsonParser p = factory.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IngestError(400, "INVALID_BODY", "the body must be a JSON object with a \"batch\" array");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("batch".equals(field)) {
          if (value != JsonToken.START_ARRAY) {
            throw new IngestError(400, "BATCH_NOT_ARRAY", "\"batch\" must be an array of messages");
          }
          items = readBatch(p, body, receivedAt);
        } else if ("writeKey".equals(field) && value == JsonToken.VALUE_STRING) {
          writeKey = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) throw new IngestError(400, "INVALID_JSON", "unexpected content after the JSON object");
    } catch (IOException e) {
      throw jsonError(e);
    }
    if (items == null) throw new IngestError(400, "MISSING_BATCH", "the body has no \"batch\" array");
    return new ParsedBody(writeKey, items);
  }

  /** A single-message body, posted to a path that names its type ({@code /v1/track}, {@code /v1/t}, ...). */
  ParsedBody parseSingle(byte[] body, String pathType, Instant receivedAt) {
    requireBody(body);
    Object value;
    try (JsonParser p = factory.createParser(body)) {
      if (p.nextToken() == null) throw new IngestError(400, "EMPTY_BODY", "the request body is empty");
      value = JsonValues.read(p);
      if (p.nextToken() != null) throw new IngestError(400, "INVALID_JSON", "unexpected content after the JSON object");
    } catch (IOException e) {
      throw jsonError(e);
    }
    if (!(value instanceof Map)) throw new IngestError(400, "INVALID_BODY", "the body must be a JSON object (one message)");
    @SuppressWarnings("unchecked")
    Map<String, Object> node = (Map<String, Object>) value;
    String bodyType = text(node, "type");
    if (bodyType != null && pathType != null && !bodyType.equalsIgnoreCase(pathType)) {
      throw new IngestError(400, "TYPE_MISMATCH",
          "the message's type \"" + bodyType + "\" does not match the endpoint, which takes " + pathType);
    }
    if (body.length > MAX_MESSAGE_BYTES) {
      throw new IngestError(413, "MESSAGE_TOO_LARGE",
          "the message is " + body.length + " bytes; the limit is " + MAX_MESSAGE_BYTES + " bytes (32 KB) per message");
    }
    Item item = toItem(0, node, pathType, body.length, body, 0, receivedAt);
    if (item instanceof Rejected r) throw new IngestError(r.status(), r.code(), r.reason());
    return new ParsedBody(text(node, "writeKey"), List.of(item));
  }

  /** The values of a message durable delivery recorded ({@link RecordedMessages}): JSON written by this server. */
  Object readRecorded(byte[] recorded) {
    try (JsonParser p = factory.createParser(recorded)) {
      p.nextToken();
      return JsonValues.read(p);
    } catch (IOException e) {
      throw new IllegalArgumentException("a recorded message is not JSON", e);
    }
  }

  /**
   * A recorded message in its plain form ({@link io.hsdest.ingest.message.Source#settled}), read back into the same
   * message. It passed every check when it was received, so none is made again (a recorded message is never refused later).
   */
  Message fromRecorded(Map<String, Object> settled) {
    Item item = toItem(0, settled, text(settled, "type"), 0, null, 0, Instant.now());
    if (item instanceof Accepted a) return a.message();
    throw new IllegalArgumentException("a recorded message no longer reads as one: " + ((Rejected) item).reason());
  }

  private List<Item> readBatch(JsonParser p, byte[] source, Instant receivedAt) throws IOException {
    List<Item> items = new ArrayList<>();
    int index = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == null) throw new IngestError(400, "INVALID_JSON", "the \"batch\" array is not closed");
      // 500 KB of "{}," is 170,000 messages, whose answer alone is 22 MB and seconds of an event loop
      if (index == MAX_BATCH_MESSAGES) {
        throw new IngestError(413, "TOO_MANY_MESSAGES", "the batch holds more than " + MAX_BATCH_MESSAGES
            + " messages, the most one batch may carry (as Segment's); send smaller batches");
      }
      long start = p.currentTokenLocation().getByteOffset();
      Object node = JsonValues.read(p);
      long end = p.currentLocation().getByteOffset();
      items.add(toItem(index++, node, null, (int) (end - start), source, (int) start, receivedAt));
    }
    return items;
  }

  @SuppressWarnings("unchecked")
  private Item toItem(int index, Object value, String pathType, int size, byte[] source, int offset, Instant receivedAt) {
    if (!(value instanceof Map)) {
      return new Rejected(index, null, null, 400, "INVALID_MESSAGE", "batch[" + index + "] is not a JSON object");
    }
    Map<String, Object> node = (Map<String, Object>) value;
    String messageId = text(node, "messageId");
    String type = text(node, "type");
    if (type == null) type = pathType;
    if (size > MAX_MESSAGE_BYTES) {
      return new Rejected(index, messageId, type, 413, "MESSAGE_TOO_LARGE", where(index, pathType)
          + "is " + size + " bytes; the limit is " + MAX_MESSAGE_BYTES + " bytes (32 KB) per message");
    }
    if (type == null) {
      return new Rejected(index, messageId, null, 400, "MISSING_TYPE", where(index, pathType) + "has no \"type\"");
    }
    type = type.trim().toLowerCase(java.util.Locale.ROOT);
    if (messageId == null) messageId = derivedMessageId(source, offset, size);
    Envelope envelope = envelope(node, messageId, type, receivedAt, size > 0 ? source : null, offset, size);
    Message message = switch (type) {
      case "identify" -> new Identify(envelope, JsonValues.object(node, "traits"));
      case "track" -> new Track(envelope, text(node, "event"), JsonValues.object(node, "properties"),
          JsonValues.object(node, "traits"));
      case "page" -> new Page(envelope, text(node, "name"), text(node, "category"), JsonValues.object(node, "properties"),
          JsonValues.object(node, "traits"));
      case "screen" -> new Screen(envelope, text(node, "name"), JsonValues.object(node, "properties"),
          JsonValues.object(node, "traits"));
      case "group" -> new Group(envelope, idText(node, "groupId"), JsonValues.object(node, "traits"));
      case "alias" -> new Alias(envelope, idText(node, "previousId"));
      default -> null;
    };
    if (message == null) {
      return new Rejected(index, messageId, type, 400, "UNKNOWN_TYPE", where(index, pathType) + "has type \"" + type
          + "\"; expected identify, track, page, screen, group or alias");
    }
    return new Accepted(index, message);
  }

  private static String where(int index, String pathType) {
    return pathType != null ? "the message " : "batch[" + index + "] ";
  }

  private static Envelope envelope(Map<String, Object> node, String messageId, String type, Instant receivedAt, byte[] body,
      int offset, int size) {
    Instant clientReceived = Timestamps.parse(node.get("receivedAt"));
    Instant received = clientReceived != null ? clientReceived : receivedAt;
    return new Envelope(
        messageId,
        idText(node, "userId"),
        idText(node, "anonymousId"),
        Timestamps.parse(node.get("timestamp")),
        Timestamps.parse(node.get("originalTimestamp")),
        received,
        context(node.get("context")),
        JsonValues.object(node, "integrations"),
        new Source(node, messageId, type, received, body, offset, size));
  }

  @SuppressWarnings("unchecked")
  private static Context context(Object value) {
    if (!(value instanceof Map)) return Context.EMPTY;
    Map<String, Object> c = (Map<String, Object>) value;
    List<Context.ExternalId> externalIds = new ArrayList<>();
    if (c.get("externalIds") instanceof List<?> ids) {
      for (Object o : ids) {
        if (o instanceof Map) {
          Map<String, Object> e = (Map<String, Object>) o;
          externalIds.add(new Context.ExternalId(idText(e, "id"), text(e, "type"), text(e, "collection"), text(e, "encoding")));
        }
      }
    }
    Map<String, Object> personas = c.get("personas") instanceof Map ? (Map<String, Object>) c.get("personas") : null;
    Map<String, Object> page = c.get("page") instanceof Map ? (Map<String, Object>) c.get("page") : null;
    Map<String, Object> campaign = c.get("campaign") instanceof Map ? (Map<String, Object>) c.get("campaign") : null;
    return new Context(
        JsonValues.object(c, "traits"),
        externalIds.isEmpty() ? List.of() : List.copyOf(externalIds),
        personas != null
            ? new Context.Personas(text(personas, "computation_class"), text(personas, "computation_key"), text(personas, "space_id"))
            : null,
        page != null ? new Context.PageContext(text(page, "url"), text(page, "path"), text(page, "referrer"), text(page, "title"),
            text(page, "search")) : null,
        campaign != null ? new Context.Campaign(text(campaign, "name"), text(campaign, "source"), text(campaign, "medium"),
            text(campaign, "term"), text(campaign, "content")) : null,
        text(c, "userAgent"),
        text(c, "ip"));
  }

  /** A string field, or null when absent, null or not a string. */
  static String text(Map<String, Object> node, String field) {
    return node.get(field) instanceof String s ? s : null;
  }

  /** An id field: Segment clients sometimes send numbers for ids; blank means absent. */
  private static String idText(Map<String, Object> node, String field) {
    Object v = node.get(field);
    String s = v instanceof String str ? str : v instanceof Number ? v.toString() : null;
    if (s == null) return null;
    s = s.strip();
    return s.isEmpty() ? null : s;
  }

  /** A client that sends no messageId still gets idempotent resends: the id is derived from the bytes. */
  private static String derivedMessageId(byte[] source, int offset, int size) {
    if (source == null) return "gen-" + UUID.randomUUID();
    int len = Math.max(0, Math.min(size, source.length - offset));
    byte[] slice = new byte[len];
    System.arraycopy(source, offset, slice, 0, len);
    return "gen-" + UUID.nameUUIDFromBytes(slice);
  }

  private static void requireBody(byte[] body) {
    if (body == null || body.length == 0 || isBlank(body)) {
      throw new IngestError(400, "EMPTY_BODY", "the request body is empty");
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
    return true;
  }

  private static IngestError jsonError(IOException e) {
    if (e instanceof StreamConstraintsException sce) {
      String limit = String.valueOf(sce.getOriginalMessage());
      if (limit.contains("nesting")) {
        return new IngestError(400, "JSON_TOO_DEEP", "the JSON is nested more than " + MAX_NESTING + " levels deep");
      }
      // e.g. "Number value length (100000) exceeds the maximum allowed (1000": lengths only, never the value
      int from = limit.indexOf(", from");
      return new IngestError(400, "JSON_VALUE_TOO_LONG", "a value in the JSON is too long to read: "
          + (from > 0 ? limit.substring(0, from) + ")" : firstLine(limit)));
    }
    if (e instanceof CharConversionException || String.valueOf(e.getMessage()).contains("UTF-8")) {
      return new IngestError(400, "INVALID_ENCODING", "the body is not valid UTF-8 text");
    }
    String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    String where = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
        ? " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() : "";
    return new IngestError(400, "INVALID_JSON", "the body is not valid JSON" + where + ": " + firstLine(detail));
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
