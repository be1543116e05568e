package io.hsdest.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.CrmObject;
import io.hsdest.fake.EventOccurrence;
import io.hsdest.fake.PortalView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the requests captured from the real client libraries ({@code src/test/resources/captures}, copied
 * from the shared capture folder): the same method, path, headers (but Host, Content-Length and the
 * hop-by-hop Connection) and raw body, gzipped again when the capture says {@code Content-Encoding: gzip}.
 * Captures that belong together (a library's session: rudder's identify then the rest; the browser's four
 * single-event posts) are replayed in order against one fresh fake + server. Every request must be answered
 * 200, and the fake must then hold what the messages imply; a second replay of the same requests must
 * change nothing (the server's writes are idempotent).
 */
class CaptureReplayWireTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final Set<String> NOT_REPLAYED_HEADERS = Set.of("host", "content-length", "connection");

  /** Sessions of captured requests, replayed in order; each name is a file stem under captures/. */
  static Stream<Arguments> sessions() {
    return Stream.of(
        Arguments.of("segment-node", List.of("segment-node-001")),
        Arguments.of("segment-java", List.of("segment-java-001")),
        Arguments.of("segment-java-uploadurl", List.of("segment-java-uploadurl-001")),
        Arguments.of("rudder-node-plain", List.of("rudder-node-003", "rudder-node-004")),
        Arguments.of("browser-segmentio-single", List.of("browser-segmentio-001", "browser-segmentio-002",
            "browser-segmentio-003", "browser-segmentio-004")),
        Arguments.of("browser-segmentio-batch", List.of("browser-segmentio-005")));
  }

  /** rudder-sdk-node's default gzip + form-urlencoded captures: see {@link #rudderGzipCapturesAsCaptured()}. */
  static final List<String> RUDDER_GZIP = List.of("rudder-node-001", "rudder-node-002");

  @ParameterizedTest(name = "{0}")
  @MethodSource("sessions")
  void replayedCapturesAreDelivered(String name, List<String> stems) {
    replayAndCheck(stems.stream().map(Capture::load).toList());
  }

  /**
   * rudder-sdk-node's default requests: gzip body, {@code Content-Type: application/x-www-form-urlencoded}.
   * Regression: they used to be answered 400 ("invalid hex byte ..." / "Bad end of line"), the body being
   * parsed as a URL-encoded form before it was gunzipped (fixed in 1b6603a).
   */
  @Test
  void rudderGzipCapturesAsCaptured() {
    replayAndCheck(RUDDER_GZIP.stream().map(Capture::load).toList());
  }

  /** The same gzip captures labelled application/json: gzip is read whatever the content type says. */
  @Test
  void gzipBodyLabelledJsonIsAccepted() {
    List<Capture> relabelled = RUDDER_GZIP.stream().map(Capture::load)
        .map(c -> c.withHeader("Content-Type", "application/json")).toList();
    assertThat(relabelled).allSatisfy(c -> assertThat(c.header("Content-Encoding")).isEqualTo("gzip"));
    replayAndCheck(relabelled);
  }

  /** No captured request is silently left out of the replay. */
  @Test
  void everyCapturedRequestIsReplayed() {
    Set<String> replayed = new TreeSet<>(RUDDER_GZIP);
    sessions().forEach(a -> {
      @SuppressWarnings("unchecked")
      List<String> stems = (List<String>) a.get()[1];
      replayed.addAll(stems);
    });
    assertThat(Capture.requestStems()).isEqualTo(replayed);
  }

  private static void replayAndCheck(List<Capture> captures) {
    try (WireServer server = WireServer.start()) {
      List<JsonObject> messages = new ArrayList<>();
      for (Capture c : captures) {
        JsonObject answer = c.replay(server.baseUrl());
        List<JsonObject> sent = c.messages();
        assertThat(answer.getJsonArray("results")).as("%s: one result per message", c.stem()).hasSize(sent.size());
        Expectations.checkResults(c.stem(), sent, answer.getJsonArray("results"), messages);
        messages.addAll(sent);
      }
      Expectations expected = Expectations.of(messages);
      expected.check(server.portal());

      // Resending the same requests (what a client does after a 429/503) duplicates nothing.
      for (Capture c : captures) c.replay(server.baseUrl());
      expected.check(server.portal());
    }
  }

  /** One captured request: the .json description and, when there is one, the raw .body. */
  record Capture(String stem, String method, String path, Map<String, String> headers, byte[] body) {

    static Path dir() {
      return Path.of(System.getProperty("wire.captures.dir", "src/test/resources/captures")).toAbsolutePath();
    }

    static Set<String> requestStems() {
      try (Stream<Path> files = Files.list(dir())) {
        return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
            .map(n -> n.substring(0, n.length() - 5))
            .filter(stem -> new JsonObject(WireServer.read(dir().resolve(stem + ".json"))).containsKey("method"))
            .collect(Collectors.toCollection(TreeSet::new));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static Capture load(String stem) {
      JsonObject json = new JsonObject(WireServer.read(dir().resolve(stem + ".json")));
      Map<String, String> headers = new LinkedHashMap<>();
      json.getJsonObject("headers").forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
      Path raw = dir().resolve(stem + ".body");
      byte[] body;
      try {
        // the .body is the decoded body as received; the browser captures only have the parsed JSON
        body = Files.exists(raw) ? Files.readAllBytes(raw) : json.getJsonObject("body_json").encode().getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Capture(stem, json.getString("method"), json.getString("path"), headers, body);
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
          .findFirst().orElse(null);
    }

    Capture withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>();
      headers.forEach((k, v) -> {
        if (!k.equalsIgnoreCase(name)) h.put(k, v);
      });
      h.put(name, value);
      return new Capture(stem, method, path, h, body);
    }

    List<JsonObject> messages() {
      JsonObject b = new JsonObject(new String(body, StandardCharsets.UTF_8));
      if (!b.containsKey("batch")) return List.of(b);
      List<JsonObject> out = new ArrayList<>();
      b.getJsonArray("batch").forEach(m -> out.add((JsonObject) m));
      return out;
    }

    /** Sends it as captured; asserts 200 {"success":true} and returns the answer. */
    JsonObject replay(String baseUrl) {
      boolean gzip = "gzip".equalsIgnoreCase(header("Content-Encoding"));
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
          .method(method, HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body));
      headers.forEach((k, v) -> {
        if (!NOT_REPLAYED_HEADERS.contains(k.toLowerCase())) b.header(k, v);
      });
      try {
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        String text = decode(r);
        assertThat(r.statusCode()).as("%s: %s %s answered %s", stem, method, path, text).isEqualTo(200);
        JsonObject answer = new JsonObject(text);
        assertThat(answer.getBoolean("success")).isTrue();
        return answer;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private static byte[] gzip(byte[] plain) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(out)) {
        z.write(plain);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    /** The answer's text; the captured Accept-Encoding lets the server compress it. */
    private static String decode(HttpResponse<byte[]> r) throws IOException {
      String enc = r.headers().firstValue("Content-Encoding").orElse("identity").toLowerCase();
      byte[] bytes = switch (enc) {
        case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        case "identity" -> r.body();
        default -> throw new AssertionError("unexpected Content-Encoding " + enc);
      };
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * What a session's messages imply in HubSpot, with the wire-test settings (WireServer): identify with an
   * email upserts that contact; "Order Completed" and page become events on the user's contact when the user
   * can be resolved (userId seen with an email earlier, or an email on the message), else they are dropped
   * with MISSING_IDENTIFIER; group upserts the company by segment_group_id and associates the user's contact.
   */
  record Expectations(Map<String, JsonObject> contacts, Map<String, String> userEmails, List<JsonObject> orders,
                      List<JsonObject> pages, Map<String, JsonObject> companies, Map<String, String> associations) {

    static Expectations of(List<JsonObject> messages) {
      Expectations x = new Expectations(new LinkedHashMap<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>(),
          new LinkedHashMap<>(), new HashMap<>());
      for (JsonObject m : messages) {
        String userId = m.getString("userId");
        String email = email(m, x.userEmails);
        switch (m.getString("type")) {
          case "identify" -> {
            if (email == null) break;
            x.contacts.merge(email, m.getJsonObject("traits", new JsonObject()).copy(), JsonObject::mergeIn);
            if (userId != null) x.userEmails.put(userId, email);
          }
          case "track" -> {
            if (email != null && "Order Completed".equals(m.getString("event"))) x.orders.add(m.put("_email", email));
          }
          case "page" -> {
            if (email != null) x.pages.add(m.put("_email", email));
          }
          case "group" -> {
            x.companies.merge(m.getString("groupId"), m.getJsonObject("traits", new JsonObject()).copy(), JsonObject::mergeIn);
            String who = userId == null ? null : x.userEmails.get(userId);
            if (who != null) x.associations.put(who, m.getString("groupId"));
          }
          default -> { }
        }
      }
      return x;
    }

    /** The user's email as the server can resolve it when this message arrives. */
    static String email(JsonObject m, Map<String, String> userEmails) {
      for (JsonObject holder : List.of(m.getJsonObject("traits", new JsonObject()), m.getJsonObject("properties", new JsonObject()),
          m.getJsonObject("context", new JsonObject()).getJsonObject("traits", new JsonObject()))) {
        String e = holder.getString("email");
        if (e != null) return e.trim().toLowerCase();
      }
      String userId = m.getString("userId");
      return userId == null ? null : userEmails.get(userId);
    }

    /** Each result is final, with the outcome these settings give its message. */
    static void checkResults(String stem, List<JsonObject> sent, JsonArray results, List<JsonObject> before) {
      Map<String, String> userEmails = new HashMap<>();
      Expectations prior = of(before);
      userEmails.putAll(prior.userEmails);
      for (int i = 0; i < sent.size(); i++) {
        JsonObject m = sent.get(i);
        JsonObject r = results.getJsonObject(i);
        assertThat(r.getString("messageId")).isEqualTo(m.getString("messageId"));
        String email = email(m, userEmails);
        if ("identify".equals(m.getString("type")) && email != null && m.getString("userId") != null) {
          userEmails.put(m.getString("userId"), email);
        }
        boolean resolvable = !List.of("track", "page").contains(m.getString("type")) || email != null;
        if (resolvable) {
          assertThat(r.getString("outcome")).as("%s: %s", stem, r.encode()).isIn("DELIVERED", "DELIVERED_WITH_WARNINGS");
        } else {
          assertThat(r.getString("outcome")).as("%s: %s", stem, r.encode()).isEqualTo("DROPPED");
          assertThat(r.getString("reason")).isEqualTo("MISSING_IDENTIFIER");
        }
      }
    }

    void check(PortalView portal) {
      assertThat(portal.contacts()).as("contacts").hasSize(contacts.size());
      Map<String, CrmObject> byEmail = new HashMap<>();
      contacts.forEach((email, traits) -> {
        CrmObject c = portal.contactBy("email", email).orElseThrow(() -> new AssertionError("no contact " + email));
        byEmail.put(email, c);
        for (String k : List.of("firstname", "lastname", "company")) {
          if (traits.containsKey(k)) assertThat(c.property(k)).as("%s of %s", k, email).isEqualTo(traits.getString(k));
        }
      });

      List<EventOccurrence> orderEvents = portal.eventOccurrences(WireServer.ORDER_EVENT);
      assertThat(orderEvents).as("order events").hasSize(orders.size());
      for (JsonObject m : orders) {
        EventOccurrence e = at(orderEvents, m);
        assertThat(e.objectId()).isEqualTo(byEmail.get(m.getString("_email")).id());
        JsonObject p = m.getJsonObject("properties");
        assertThat(Double.parseDouble(e.properties().get("amount"))).isEqualTo(p.getDouble("revenue"));
        assertThat(e.properties()).containsEntry("currency", p.getString("currency"));
        if (p.containsKey("orderId")) assertThat(e.properties()).containsEntry("order_id", p.getString("orderId"));
      }

      List<EventOccurrence> pageEvents = portal.eventOccurrences(WireServer.PAGE_EVENT);
      assertThat(pageEvents).as("page events").hasSize(pages.size());
      for (JsonObject m : pages) {
        EventOccurrence e = at(pageEvents, m);
        assertThat(e.objectId()).isEqualTo(byEmail.get(m.getString("_email")).id());
        JsonObject p = m.getJsonObject("properties", new JsonObject());
        if (p.containsKey("url")) assertThat(e.properties()).containsEntry("hs_page_url", p.getString("url"));
        String title = p.getString("title", m.getString("name"));
        if (title != null) assertThat(e.properties()).containsEntry("hs_page_title", title);
      }

      assertThat(portal.companies()).as("companies").hasSize(companies.size());
      companies.forEach((groupId, traits) -> {
        CrmObject co = portal.companyBy("segment_group_id", groupId).orElseThrow(() -> new AssertionError("no company " + groupId));
        assertThat(co.property("name")).isEqualTo(traits.getString("name"));
        assertThat(co.property("domain")).isEqualTo(traits.getString("domain"));
        if (traits.containsKey("employees")) {
          assertThat(co.property("numberofemployees")).isEqualTo(String.valueOf(traits.getValue("employees")));
        }
      });
      associations.forEach((email, groupId) -> {
        String contactId = byEmail.get(email).id();
        String companyId = portal.companyBy("segment_group_id", groupId).orElseThrow().id();
        WireServer.await("association " + email + " -> " + groupId, Sequence.WAIT,
            () -> portal.associatedIds("contacts", contactId, "companies").contains(companyId) ? true : null);
      });
    }

    /** The occurrence for this message: same time (timestamp, else originalTimestamp). */
    private static EventOccurrence at(List<EventOccurrence> events, JsonObject m) {
      Instant when = Instant.parse(m.getString("timestamp", m.getString("originalTimestamp")));
      return events.stream().filter(e -> Instant.parse(e.occurredAt()).equals(when)).findFirst()
          .orElseThrow(() -> new AssertionError("no event at " + when + " for " + m.getString("messageId") + " among "
              + events.stream().map(EventOccurrence::occurredAt).toList()));
    }
  }
}
