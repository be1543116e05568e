package io.hsdest.emailevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsdest.hubspot.JsonBodies;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Segment HTTP API ({@code POST {url}/v1/batch}, Basic auth with the write key as user name), which Segment,
 * RudderStack and other Segment-compatible collectors take: one {@code track} per email event, {@code userId} and
 * {@code context.traits.email} the recipient, {@code event} from Segment's email spec ({@link EmailEventType}),
 * {@code timestamp} HubSpot's {@code created}, {@code messageId} derived from the EventId (the collector drops a
 * repeated messageId). Segment's limits: 32 KB per event, 500 KB per request; {@code sentAt} is left out so the
 * collector takes {@code timestamp} as it is.
 */
final class SegmentFormat implements SinkFormat {
  static final int MAX_EVENT_BYTES = 32_000;
  static final int MAX_BODY_BYTES = 500_000;
  static final int MAX_EVENTS = 500;
  private static final byte[] OPEN = "{\"batch\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

  private final String portalId;
  private final Map<String, String> headers;

  SegmentFormat(String portalId, String writeKey) {
    this.portalId = portalId;
    String basic = Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    this.headers = Map.of("Authorization", "Basic " + basic);
  }

  @Override
  public byte[] encode(EmailEvent e) {
    if (e.recipient() == null || e.type() == null || e.type().segmentName() == null) return null;
    for (int maxText : new int[] {2048, 256}) {
      byte[] b = write(track(e, EventProperties.of(e, maxText), maxText));
      if (b.length <= MAX_EVENT_BYTES) return b;
    }
    ObjectNode bare = JsonBodies.MAPPER.createObjectNode().put("hubspot_event_id", e.eventId().id())
        .put("hubspot_event_type", e.hubspotType());
    return write(track(e, bare, 256));
  }

  /** Segment's name: the email spec's {@code Unsubscribed} for a subscription change that unsubscribes. */
  static String eventName(EmailEvent e) {
    if (e.type() == EmailEventType.STATUSCHANGE && EventProperties.unsubscribes(e)) return EmailEventType.UNSUBSCRIBED;
    return e.type().segmentName();
  }

  private ObjectNode track(EmailEvent e, ObjectNode properties, int maxText) {
    ObjectNode t = JsonBodies.MAPPER.createObjectNode();
    t.put("type", "track");
    t.put("messageId", e.eventId().exportId(portalId));
    t.put("userId", e.recipient());
    t.put("event", eventName(e));
    t.put("timestamp", Instant.ofEpochMilli(e.created()).toString());
    t.set("properties", properties);
    ObjectNode context = t.putObject("context");
    context.putObject("traits").put("email", e.recipient());
    String ua = e.text("userAgent");
    if (ua != null) context.put("userAgent", ua.length() > maxText ? ua.substring(0, maxText) : ua);
    if (properties.has("location")) {
      ObjectNode l = context.putObject("location");
      ObjectNode from = (ObjectNode) properties.get("location");
      if (from.has("city")) l.set("city", from.get("city"));
      if (from.has("state")) l.set("region", from.get("state"));
      if (from.has("country")) l.set("country", from.get("country"));
      if (from.has("latitude")) l.set("latitude", from.get("latitude"));
      if (from.has("longitude")) l.set("longitude", from.get("longitude"));
    }
    context.putObject("integration").put("name", "HubSpot");
    return t;
  }

  @Override
  public Buffer body(List<byte[]> events) {
    Buffer b = Buffer.buffer(OPEN);
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) b.appendByte((byte) ',');
      b.appendBytes(events.get(i));
    }
    return b.appendBytes(CLOSE);
  }

  @Override
  public String path() {
    return "/v1/batch";
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public int maxEvents() {
    return MAX_EVENTS;
  }

  @Override
  public int maxBodyBytes() {
    return MAX_BODY_BYTES;
  }

  @Override
  public String kind() {
    return "segment";
  }

  @Override
  public SinkAnswer classify(int status, String retryAfter, String body, int batchSize) {
    if (status >= 200 && status < 300) return new SinkAnswer.Accepted();
    if (status == 408 || status == 429 || status >= 500) {
      return new SinkAnswer.RetryLater(SinkClient.retryAfterMs(retryAfter), "HTTP " + status);
    }
    if (status == 400 || status == 413) {
      // the whole batch is refused for one event (too large or invalid): halve until it is found
      return batchSize > 1 ? new SinkAnswer.Split("HTTP " + status)
          : new SinkAnswer.RejectedEvents(java.util.Set.of(0), "HTTP " + status);
    }
    return new SinkAnswer.Refused(status, status == 401 || status == 403 ? "the collector refused the write key"
        : "the collector answered HTTP " + status + " (check the sink url)");
  }

  private static byte[] write(ObjectNode n) {
    try {
      return JsonBodies.MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
