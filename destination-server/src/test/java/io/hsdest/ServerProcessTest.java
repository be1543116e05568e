package io.hsdest;

import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server as a real process, as operators run it: the start-up line, a bad configuration, a
 * clean SIGTERM, and a {@code kill -9} after which pending associations are still made.
 */
class ServerProcessTest {
  private FakeHubSpot fake;
  private Path dataDir;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    fake = FakeHubSpot.start(null, 0);
    dataDir = Files.createTempDirectory("hsdest-process");
  }

  @AfterEach
  void stop() {
    for (Process p : processes) p.destroyForcibly();
    fake.close();
  }

  private ServerProcess launch(Map<String, String> env, String... args) throws Exception {
    ServerProcess p = ServerProcess.launch(dataDir, env, args);
    processes.add(p.process());
    return p;
  }

  private ServerProcess launchLive() throws Exception {
    ServerProcess r = launch(liveEnv());
    assertThat(r.port()).as("the server started: " + r.output()).isPositive();
    return r;
  }

  private Map<String, String> liveEnv() {
    return Map.of("PORT", "0", "HOST", "127.0.0.1", "HUBSPOT_BASE_URL", fake.baseUrl(), "HUBSPOT_ACCESS_TOKEN",
        FakeHubSpot.DEFAULT_TOKEN, "HUBSPOT_PORTAL_ID", "123456", "WRITE_KEYS", "wk",
        "DESTINATION_CONFIG", "");
  }

  private HttpResponse<String> post(int port, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
        .header("Authorization", basic("wk")).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private Path config(String serverJson) throws IOException {
    Path file = dataDir.resolve("destinations.json");
    Files.writeString(file, "{\"destinations\":[{\"id\":\"default\",\"writeKeys\":[\"wk\"],\"settings\":{\"portalId\":\"123456\"}}],"
        + "\"server\":" + serverJson + "}");
    return file;
  }

  @Test
  void printsOneStartUpLineNamingEachDestinationAndItsMode() throws Exception {
    ServerProcess r = launch(Map.of("PORT", "0", "HOST", "127.0.0.1"));
    assertThat(r.line()).matches("hubspot-destination listening on http://127\\.0\\.0\\.1:\\d+ with 1 destination: default \\(portal 0, dry-run.*");
    ServerProcess live = launch(liveEnv());
    assertThat(live.line()).contains("default (portal 123456, live)").doesNotContain(FakeHubSpot.DEFAULT_TOKEN);
  }

  @Test
  void anInvalidConfigurationStopsStartUpNamingTheFieldAndTheRule() throws Exception {
    Path file = dataDir.resolve("bad.json");
    Files.writeString(file, "{\"destinations\":[{\"id\":\"acme\",\"writeKeys\":[\"k\"],\"settings\":{\"portalId\":\"abc\",\"nullPolicy\":\"zap\"}}]}");
    ServerProcess r = launch(Map.of("PORT", "0"), "--config", file.toString());
    assertThat(r.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(r.process().exitValue()).isEqualTo(2);
    String out = r.output().toString();
    assertThat(out).contains("destinations[0].settings.portalId").contains("destinations[0].settings.nullPolicy");
  }

  @Test
  void sigtermFinishesWhatIsInFlightAndStopsCleanly() throws Exception {
    fake.configure(c -> c.with(new io.vertx.core.json.JsonObject().put("latencyMs", 400)));
    ServerProcess r = launchLive();
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String body = "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"t-" + i + "\",\"traits\":{\"email\":\"t" + i + "@x.com\"}}]}";
      inFlight.add(CompletableFuture.supplyAsync(() -> {
        try {
          return post(r.port(), body);
        } catch (Exception e) {
          return null; // a request the server had not taken yet is closed unanswered: the client resends it
        }
      }));
    }
    long until = System.currentTimeMillis() + 10_000;
    while (fake.calls().stream().noneMatch(c -> c.path().endsWith("/batch/upsert")) && System.currentTimeMillis() < until) {
      Thread.sleep(10);
    }
    r.process().destroy(); // SIGTERM while HubSpot is answering
    assertThat(r.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    int answered = 0;
    for (var f : inFlight) {
      HttpResponse<String> resp = f.get(30, TimeUnit.SECONDS);
      if (resp == null) continue;
      answered++;
      assertThat(resp.statusCode()).as(resp.body()).isIn(200, 503);
      if (resp.statusCode() == 200) assertThat(resp.body()).contains("DELIVERED");
    }
    assertThat(answered).as("requests in flight when SIGTERM came are answered").isGreaterThanOrEqualTo(1);
    assertThat(r.output().toString()).doesNotContain("Exception");
  }

  @Test
  void pendingAssociationsSurviveKillDashNine() throws Exception {
    Path file = config("{\"dataDir\":\"" + dataDir.resolve("data").toString().replace("\\", "/") + "\"}");
    Map<String, String> env = Map.of("PORT", "0", "HOST", "127.0.0.1", "HUBSPOT_BASE_URL", fake.baseUrl(),
        "HUBSPOT_ACCESS_TOKEN", FakeHubSpot.DEFAULT_TOKEN, "HUBSPOT_PORTAL_ID", "123456");
    ServerProcess first = launch(env, "--config", file.toString());
    var groups = post(first.port(), "{\"batch\":[{\"type\":\"group\",\"messageId\":\"g1\",\"userId\":\"late-user\",\"groupId\":\"acct-1\","
        + "\"traits\":{\"name\":\"Late Co\"}}]}");
    assertThat(groups.statusCode()).isEqualTo(200);
    assertThat(groups.body()).contains("ASSOCIATION_PENDING");
    first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no shutdown hook runs

    ServerProcess second = launch(env, "--config", file.toString());
    var identify = post(second.port(), "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"i1\",\"userId\":\"late-user\","
        + "\"traits\":{\"email\":\"late@x.com\"}}]}");
    assertThat(identify.statusCode()).isEqualTo(200);
    String contact = fake.portal().contactBy("email", "late@x.com").orElseThrow().id();
    String company = fake.portal().companyBy("segment_group_id", "acct-1").orElseThrow().id();
    long until = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < until && fake.portal().associatedIds("contacts", contact, "companies").isEmpty()) {
      Thread.sleep(50);
    }
    assertThat(fake.portal().associatedIds("contacts", contact, "companies")).containsExactly(company);
  }

  @Test
  void afterKillDashNineTheServerStillKnowsItsContactsAndTheNewestValues() throws Exception {
    Path file = config("{\"dataDir\":\"" + dataDir.resolve("data").toString().replace("\\", "/") + "\"}");
    Map<String, String> env = Map.of("PORT", "0", "HOST", "127.0.0.1", "HUBSPOT_BASE_URL", fake.baseUrl(),
        "HUBSPOT_ACCESS_TOKEN", FakeHubSpot.DEFAULT_TOKEN, "HUBSPOT_PORTAL_ID", "123456");
    String older = "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"old\",\"userId\":\"early\",\"timestamp\":\"2024-05-01T10:00:00Z\","
        + "\"traits\":{\"email\":\"early@x.com\",\"firstName\":\"Old\"}}]}";
    String newer = older.replace("\"old\"", "\"new\"").replace("10:00:00Z", "10:05:00Z").replace("Old", "New");
    ServerProcess first = launch(env, "--config", file.toString());
    assertThat(post(first.port(), newer).statusCode()).isEqualTo(200);
    first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    ServerProcess second = launch(env, "--config", file.toString());
    // a client resends an older request it never got an answer for: HubSpot keeps the newer value
    assertThat(post(second.port(), older).statusCode()).isEqualTo(200);
    assertThat(fake.portal().contactBy("email", "early@x.com").orElseThrow().property("firstname")).isEqualTo("New");
    // the contact of a user identified before the crash is still known: the association is made at once
    var group = post(second.port(), "{\"batch\":[{\"type\":\"group\",\"messageId\":\"g\",\"userId\":\"early\",\"groupId\":\"acct-e\"}]}");
    assertThat(group.body()).doesNotContain("ASSOCIATION_PENDING");
    String contact = fake.portal().contactBy("email", "early@x.com").orElseThrow().id();
    String company = fake.portal().companyBy("segment_group_id", "acct-e").orElseThrow().id();
    assertThat(fake.portal().associatedIds("contacts", contact, "companies")).containsExactly(company);
  }
}
