package io.hsdest.emailevents;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.EmailTraffic;
import io.hsdest.fake.FakeHubSpot;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a real server process in the middle of an import, then a restart on the same data directory:
 * every event reaches the collector, and the only events it sees twice are those of the batch that was in flight
 * when the process died (taken by the collector, never answered), sent again with the same messageIds.
 */
class EmailEventsKillTest {
  private static final String WRITE_KEY = "segment-made-up-key-kill";
  private FakeHubSpot fake;
  private SinkCapture sink;
  private Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final StringBuilder output = new StringBuilder();

  @BeforeEach
  void start() throws IOException {
    fake = FakeHubSpot.start(null, 0);
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, WRITE_KEY);
    dir = Files.createTempDirectory("email-events-kill");
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    sink.close();
    fake.close();
  }

  private Process launch(Path config) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Dhsdest.skipWarmup=true", "-Dhsdest.emailEvents.settleMs=1000",
        "-Dhsdest.emailEvents.minCallIntervalMs=0", "-Dhsdest.emailEvents.initialWindowMs=86400000",
        "-cp", System.getProperty("java.class.path"), "io.hsdest.Main", "--config", config.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    pb.environment().putAll(Map.of("PORT", "0", "HOST", "127.0.0.1", "HUBSPOT_BASE_URL", fake.baseUrl()));
    Process p = pb.start();
    processes.add(p);
    CompletableFuture<Boolean> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.contains("listening on")) listening.complete(true);
        }
      } catch (IOException ignored) {
        // the process died
      }
      listening.complete(false);
    });
    reader.setDaemon(true);
    reader.start();
    assertThat(listening.get(90, TimeUnit.SECONDS)).as("the server started: " + output).isTrue();
    return p;
  }

  @Test
  void killDashNineMidImportLosesNothingAndRepeatsOnlyTheBatchInFlight() throws Exception {
    long now = System.currentTimeMillis();
    List<JsonObject> seeded = fake.portal().addEmailEvents(new EmailTraffic(99).events(2500, now - 48 * 3_600_000L,
        now - 3_600_000L));
    Set<String> expected = new HashSet<>();
    for (JsonObject e : seeded) {
      if (!e.getString("type").equals("UNBOUNCE")) {
        expected.add(new EventId(e.getLong("created"), e.getString("id")).exportId("123456"));
      }
    }
    Path config = dir.resolve("destinations.json");
    Files.writeString(config, """
        {"server":{"dataDir":"%s"},
         "destinations":[{"id":"shop","writeKeys":["shop-key"],"settings":{"accessToken":"%s","portalId":"123456",
           "emailEvents":{"enabled":true,"backfillDays":3,"pollIntervalSeconds":86400,
             "sink":{"type":"segment","url":"%s","writeKey":"%s"}}}}]}"""
        .formatted(dir.resolve("data").toString().replace("\\", "/"), FakeHubSpot.DEFAULT_TOKEN, sink.url(), WRITE_KEY));

    CompletableFuture<SinkCapture.Request> inFlight = sink.holdRequest(3);
    Process first = launch(config);
    SinkCapture.Request held = inFlight.get(120, TimeUnit.SECONDS);
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 while the collector holds the third batch
    int beforeKill = sink.ingested().size();

    launch(config);
    long until = System.currentTimeMillis() + 120_000;
    Set<String> distinct = new HashSet<>();
    while (System.currentTimeMillis() < until) {
      distinct.clear();
      sink.ingested().forEach(e -> distinct.add(sink.idOf(e)));
      if (distinct.containsAll(expected)) break;
      Thread.sleep(200); // waiting for another process; nothing to subscribe to
    }

    List<JsonObject> ingested = sink.ingested();
    Map<String, Integer> times = new HashMap<>();
    ingested.forEach(e -> times.merge(sink.idOf(e), 1, Integer::sum));
    Set<String> heldIds = new HashSet<>();
    held.json().getJsonArray("batch").forEach(e -> heldIds.add(((JsonObject) e).getString("messageId")));
    Set<String> twice = new HashSet<>();
    times.forEach((id, n) -> {
      if (n > 1) twice.add(id);
    });
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(times.keySet());
    System.out.printf("kill -9 measured: expected %d, ingested %d (%d before the kill, the held batch of %d included), "
        + "distinct %d, missing %d, duplicated %d (all in the held batch: %s), requests %d%n", expected.size(),
        ingested.size(), beforeKill, heldIds.size(), times.size(), missing.size(), twice.size(),
        heldIds.containsAll(twice), sink.requests().size());

    assertThat(missing).isEmpty();
    assertThat(times.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(twice).as("the batch in flight, never confirmed, goes again whole; nothing else twice").isEqualTo(heldIds);
    assertThat(times.values()).allMatch(n -> n <= 2);
    assertThat(sink.violations()).isEmpty();
    assertThat(output.toString()).doesNotContain(WRITE_KEY).doesNotContain(FakeHubSpot.DEFAULT_TOKEN);
  }
}
