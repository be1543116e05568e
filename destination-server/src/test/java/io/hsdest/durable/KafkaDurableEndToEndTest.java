package io.hsdest.durable;

import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.Json;
import io.hsdest.testkit.KafkaBroker;
import io.hsdest.testkit.ServerHarness;
import io.hsdest.testkit.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Durable delivery on many machines: several instances share one Apache Kafka (a real KRaft broker,
 * in a child JVM). A request may reach any instance; each destination is delivered by one of them, so
 * a group that reaches another instance than its user's identify still gets its association; a receipt
 * is answered by every instance; and when the delivering instance dies ({@code kill -9}), another takes
 * its messages over and delivers them, nothing lost.
 */
class KafkaDurableEndToEndTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<ServerHarness> servers = new ArrayList<>();
  private final List<ServerProcess> processes = new ArrayList<>();
  private FakeHubSpot fake;
  private String config;

  @BeforeEach
  void start() throws Exception {
    fake = FakeHubSpot.start(null, 0);
    String run = UUID.randomUUID().toString().substring(0, 8);
    config = """
        {"server":{"delivery":{"mode":"durable"},
          "kafka":{"bootstrapServers":"%s","topic":"messages-%s","stateTopic":"state-%s","groupId":"group-%s",
                   "partitions":4,"sessionTimeoutMs":3000}},
         "destinations":[{"id":"d","writeKeys":["wk"],"settings":{"accessToken":"%s","portalId":"123456",
           "userIdProperty":"segment_user_id"}}]}"""
        .formatted(KafkaBroker.shared().bootstrapServers(), run, run, run, FakeHubSpot.DEFAULT_TOKEN);
    fake.portal().createProperty("contacts", "segment_user_id", "string", "text", true);
  }

  @AfterEach
  void stop() throws Exception {
    for (ServerProcess p : processes) p.kill();
    for (ServerHarness s : servers) s.close();
    fake.close();
  }

  private ServerHarness instance() {
    ServerHarness s = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()), config);
    servers.add(s);
    return s;
  }

  private JsonNode send(int port, String... messages) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
        .header("Authorization", basic("wk")).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + String.join(",", messages) + "]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.tree(r.body()).path("results");
  }

  private JsonNode receipt(int port, String messageId) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages/" + messageId))
        .header("Authorization", basic("wk")).GET().build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? Json.tree(r.body()) : Json.tree("{}");
  }

  private String outcome(int port, String messageId) throws Exception {
    return receipt(port, messageId).path("outcome").asText("UNKNOWN");
  }

  private static void await(BooleanSupplier done, long ms, String what) throws InterruptedException {
    long until = System.currentTimeMillis() + ms;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > until) throw new AssertionError("timed out waiting until " + what);
      Thread.sleep(50);
    }
  }

  private static String identify(int i) {
    return "{\"type\":\"identify\",\"messageId\":\"i" + i + "\",\"userId\":\"u" + i + "\",\"traits\":{\"email\":\"u" + i + "@x.com\"}}";
  }

  private static String group(int i) {
    return "{\"type\":\"group\",\"messageId\":\"g" + i + "\",\"userId\":\"u" + i + "\",\"groupId\":\"acct-" + (i % 5)
        + "\",\"traits\":{\"name\":\"Account " + (i % 5) + "\"}}";
  }

  private static String track(int i) {
    return "{\"type\":\"track\",\"messageId\":\"t" + i + "\",\"userId\":\"u" + i + "\",\"event\":\"Signed Up\"}";
  }

  @Test
  void threeInstancesOnOneKafkaLikeOneServerEachGroupFindsItsUsersContact() throws Exception {
    List<ServerHarness> three = List.of(instance(), instance(), instance());
    int users = 30;
    List<String> ids = new ArrayList<>();
    // round-robin, and the group of a user always on another instance than the user's identify
    for (int i = 0; i < users; i++) {
      send(three.get(i % 3).server.port(), group(i));
      send(three.get((i + 1) % 3).server.port(), identify(i));
      send(three.get((i + 2) % 3).server.port(), track(i));
      ids.addAll(List.of("g" + i, "i" + i, "t" + i));
    }
    await(() -> fake.portal().associations().stream().filter(a -> a.fromType().startsWith("contact")).count() == users, 60_000,
        "every user's contact is associated with the user's company");
    await(() -> fake.portal().eventOccurrences().size() == users, 30_000, "every event is in HubSpot");
    assertThat(fake.portal().contacts()).hasSize(users);
    assertThat(fake.portal().companies()).hasSize(5);
    for (String id : ids) {
      await(() -> {
        try {
          return outcome(three.get(2).server.port(), id).startsWith("DELIVERED");
        } catch (Exception e) {
          return false;
        }
      }, 30_000, "receipt " + id + " is final on an instance that may not have delivered it");
    }
  }

  @Test
  void whenTheDeliveringInstanceDiesAnotherDeliversWhatItAccepted() throws Exception {
    Path dir = Files.createTempDirectory("hsdest-kafka-instance");
    Path file = dir.resolve("destinations.json");
    Files.writeString(file, config.replace("\"delivery\":{\"mode\":\"durable\"}",
        "\"delivery\":{\"mode\":\"durable\"},\"dataDir\":\"" + dir.toString().replace("\\", "/") + "/data\""));
    // the first instance alone: it owns every partition, and accepts while HubSpot is down
    ServerProcess first = ServerProcess.launch(dir, Map.of("PORT", "0", "HOST", "127.0.0.1", "HUBSPOT_BASE_URL", fake.baseUrl()),
        "--config", file.toString());
    processes.add(first);
    assertThat(first.port()).as("the first instance started: " + first.output()).isPositive();
    fake.configure(c -> c.with(new io.vertx.core.json.JsonObject().put("outage", true)));
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) batch.add(identify(100 + i));
    JsonNode accepted = send(first.port(), batch.toArray(String[]::new));
    accepted.forEach(r -> assertThat(r.path("outcome").asText()).isEqualTo("ACCEPTED"));
    await(() -> {
      try {
        return receipt(first.port(), "i100").path("attempts").asInt() >= 1;
      } catch (Exception e) {
        return false;
      }
    }, 30_000, "the first instance tries to deliver while HubSpot is down: " + first.output());
    ServerHarness second = instance();
    first.kill(); // no shutdown: nothing committed on the way out, its group membership left to time out
    fake.configure(c -> c.with(new io.vertx.core.json.JsonObject().put("outage", false)));
    await(() -> fake.portal().contacts().size() == 20, 60_000, "the second instance delivered what the first accepted");
    Set<String> outcomes = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      String id = "i" + (100 + i);
      await(() -> {
        try {
          return outcome(second.server.port(), id).startsWith("DELIVERED");
        } catch (Exception e) {
          return false;
        }
      }, 30_000, "receipt " + id + " is final");
      outcomes.add(outcome(second.server.port(), id));
    }
    assertThat(outcomes).allMatch(o -> o.startsWith("DELIVERED"));
  }
}
