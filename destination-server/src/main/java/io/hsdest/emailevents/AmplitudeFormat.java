package io.hsdest.emailevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsdest.hubspot.JsonBodies;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Amplitude's HTTP V2 API ({@code POST {url}/2/httpapi} with {@code {"api_key","events":[...]}}): {@code event_type}
 * as Amplitude's own HubSpot import names it ({@code [HubSpot] EMAIL_OPEN}), {@code user_id} the recipient,
 * {@code time} HubSpot's {@code created} in ms, {@code insert_id} derived from the EventId (Amplitude ignores a
 * repeated insert_id for 7 days), and the user properties Amplitude's import tracks as Amplitude's own event fields:
 * {@code city}, {@code region}, {@code country} from the event's location, {@code os_name}, {@code os_version} from
 * its browser (Amplitude: "the operating system or browser"). Limits: at most 1,000 events and about 1 MB a request
 * (Amplitude accepts 2,000 events; 413 means too large). A 429 ("Too many requests for some devices and users") is
 * retried after at least Amplitude's 30 seconds; a 400 that lists bad events drops those and sends the rest again.
 */
final class AmplitudeFormat implements SinkFormat {
  static final int MAX_EVENT_BYTES = 32_000;
  static final int MAX_BODY_BYTES = 1_000_000;
  static final int MAX_EVENTS = 1000;
  private static final byte[] EVENTS = ",\"events\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);
  private static final List<String> INDEX_MAPS = List.of("events_with_invalid_fields", "events_with_missing_fields",
      "events_with_invalid_id_lengths");

  private final String portalId;
  private final byte[] open;
  private final long throttleMs;

  AmplitudeFormat(String portalId, String apiKey, long throttleMs) {
    this.portalId = portalId;
    this.throttleMs = throttleMs;
    try {
      this.open = ("{\"api_key\":" + JsonBodies.MAPPER.writeValueAsString(apiKey)).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] encode(EmailEvent e) {
    if (e.recipient() == null || e.type() == null || e.type().amplitudeName() == null) return null;
    for (int maxText : new int[] {2048, 256}) {
      byte[] b = write(event(e, EventProperties.of(e, maxText)));
      if (b.length <= MAX_EVENT_BYTES) return b;
    }
    return write(event(e, JsonBodies.MAPPER.createObjectNode().put("hubspot_event_id", e.eventId().id())));
  }

  private ObjectNode event(EmailEvent e, ObjectNode properties) {
    ObjectNode a = JsonBodies.MAPPER.createObjectNode();
    a.put("user_id", e.recipient());
    a.put("event_type", e.type().amplitudeName());
    a.put("time", e.created());
    a.put("insert_id", e.eventId().exportId(portalId));
    a.set("event_properties", properties);
    JsonNode location = properties.path("location");
    copy(location, "city", a, "city");
    copy(location, "state", a, "region");
    copy(location, "country", a, "country");
    copy(location, "latitude", a, "location_lat");
    copy(location, "longitude", a, "location_lng");
    JsonNode browser = properties.path("browser");
    copy(browser, browser.has("family") ? "family" : "name", a, "os_name");
    copy(browser, "version", a, "os_version");
    return a;
  }

  @Override
  public Buffer body(List<byte[]> events) {
    Buffer b = Buffer.buffer(open).appendBytes(EVENTS);
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) b.appendByte((byte) ',');
      b.appendBytes(events.get(i));
    }
    return b.appendBytes(CLOSE);
  }

  @Override
  public String path() {
    return "/2/httpapi";
  }

  @Override
  public Map<String, String> headers() {
    return Map.of();
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
    return "amplitude";
  }

  @Override
  public SinkAnswer classify(int status, String retryAfter, String body, int batchSize) {
    if (status >= 200 && status < 300) return new SinkAnswer.Accepted();
    if (status == 429) {
      return new SinkAnswer.RetryLater(Math.max(SinkClient.retryAfterMs(retryAfter), throttleMs),
          "HTTP 429 (throttled)");
    }
    if (status == 408 || status >= 500) {
      return new SinkAnswer.RetryLater(SinkClient.retryAfterMs(retryAfter), "HTTP " + status);
    }
    if (status == 413) {
      return batchSize > 1 ? new SinkAnswer.Split("HTTP 413 (payload too large)")
          : new SinkAnswer.RejectedEvents(Set.of(0), "HTTP 413 (event too large)");
    }
    if (status == 400) {
      Set<Integer> bad = badEvents(body, batchSize);
      if (!bad.isEmpty()) return new SinkAnswer.RejectedEvents(bad, "HTTP 400 (Amplitude listed invalid events)");
      return new SinkAnswer.Refused(400, "Amplitude refused the request: " + errorText(body));
    }
    return new SinkAnswer.Refused(status, status == 401 || status == 403 ? "Amplitude refused the API key"
        : "Amplitude answered HTTP " + status + " (check the sink url)");
  }

  /** The indexes a 400 names in {@code events_with_invalid_fields} and its siblings, and {@code silenced_events}. */
  static Set<Integer> badEvents(String body, int batchSize) {
    Set<Integer> out = new LinkedHashSet<>();
    JsonNode j = parse(body);
    for (String map : INDEX_MAPS) {
      j.path(map).forEach(indexes -> indexes.forEach(i -> add(out, i, batchSize)));
    }
    j.path("silenced_events").forEach(i -> add(out, i, batchSize));
    return out;
  }

  private static void add(Set<Integer> out, JsonNode i, int batchSize) {
    if (i.canConvertToInt() && i.asInt() >= 0 && i.asInt() < batchSize) out.add(i.asInt());
  }

  private static String errorText(String body) {
    String e = parse(body).path("error").asText("");
    return e.isEmpty() ? "(no error text)" : e;
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode n = body == null || body.isEmpty() ? null : JsonBodies.MAPPER.readTree(body);
      return n == null ? JsonBodies.MAPPER.missingNode() : n;
    } catch (IOException e) {
      return JsonBodies.MAPPER.missingNode();
    }
  }

  private static void copy(JsonNode from, String field, ObjectNode to, String name) {
    JsonNode v = from.get(field);
    if (v != null && !v.isNull() && !v.isContainerNode()) to.set(name, v);
  }

  private static byte[] write(ObjectNode n) {
    try {
      return JsonBodies.MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
