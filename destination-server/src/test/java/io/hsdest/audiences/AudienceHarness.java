package io.hsdest.audiences;

import static io.hsdest.testkit.ServerHarness.basic;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.CallRecord;
import io.hsdest.fake.CrmList;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.Json;
import io.hsdest.testkit.ServerHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * The real server with one live destination (write key {@code wk}, portal 123456) against the HubSpot fake, and
 * the requests an audience source sends. The destination's budget is the highest the schema allows, so that
 * pacing never slows a test; the fake has no rate limit unless a test sets one.
 */
final class AudienceHarness implements AutoCloseable {
  final FakeHubSpot fake;
  ServerHarness server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  AudienceHarness(String settingsOverrides) {
    fake = FakeHubSpot.start(null, 0);
    server = start(settingsOverrides, null);
  }

  /** (Re)starts the server, keeping the data directory when one is given. */
  ServerHarness start(String settingsOverrides, java.nio.file.Path dataDir) {
    String settings = "{\"accessToken\":\"" + FakeHubSpot.DEFAULT_TOKEN + "\",\"portalId\":\"123456\",\"requestsPer10Seconds\":1000"
        + (settingsOverrides.isBlank() ? "" : "," + settingsOverrides) + "}";
    return startWith(settings, dataDir);
  }

  ServerHarness startWith(String settingsJson, java.nio.file.Path dataDir) {
    String server = dataDir == null ? "" : "\"server\":{\"dataDir\":\"" + dataDir.toString().replace("\\", "/") + "\"},";
    ServerHarness started = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()),
        "{" + server + "\"destinations\":[{\"id\":\"acme\",\"writeKeys\":[\"wk\"],\"settings\":" + settingsJson + "}]}");
    awaitAccessCheck(started);
    return started;
  }

  /**
   * The server checks its token and reads the portal's schemas right after start; tests that count HubSpot calls
   * start counting once that is over.
   */
  private static void awaitAccessCheck(ServerHarness started) {
    var pipeline = started.server.destinations().get(0).delivery().pipeline();
    if (pipeline.settings().dryRun()) return;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (pipeline.accessCheck().isEmpty()) {
      if (System.nanoTime() > deadline) throw new AssertionError("the server's access check did not finish");
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  void restart(String settingsOverrides) {
    java.nio.file.Path dir = server.dataDir();
    server.close();
    server = start(settingsOverrides, dir);
  }

  HttpResponse<String> cohort(String body) {
    return server.post("/v1/cohorts/amplitude", body, "Authorization", basic("wk"), "Content-Type", "application/json");
  }

  HttpResponse<String> snapshot(String audienceKey, String body) {
    return send("PUT", "/v1/audiences/" + audienceKey + "/members", body.getBytes(StandardCharsets.UTF_8), false);
  }

  HttpResponse<String> changes(String audienceKey, String body) {
    return send("POST", "/v1/audiences/" + audienceKey + "/members", body.getBytes(StandardCharsets.UTF_8), false);
  }

  HttpResponse<String> describe(String audienceKey) {
    return server.get("/v1/audiences/" + audienceKey, "Authorization", basic("wk"));
  }

  HttpResponse<String> send(String method, String path, byte[] body, boolean gzip) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(60))
        .header("Authorization", basic("wk")).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body));
    if (gzip) b.header("Content-Encoding", "gzip");
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Amplitude's Cohort Webhooks default payload. */
  static String cohortPayload(String cohortName, String cohortId, boolean in, String messageId, List<String> userIds) {
    StringBuilder users = new StringBuilder();
    for (String u : userIds) users.append(users.length() == 0 ? "" : ",").append("{\"user_id\":\"").append(u).append("\"}");
    return "{\"cohort_name\":\"" + cohortName + "\",\"cohort_id\":\"" + cohortId + "\",\"in_cohort\":" + in
        + ",\"computed_time\":\"1692206763\",\"message_id\":\"" + messageId + "\",\"users\":[" + users + "]}";
  }

  static String members(String field, List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (String v : values) b.append(b.length() == 1 ? "" : ",").append("{\"").append(field).append("\":\"").append(v).append("\"}");
    return b.append(']').toString();
  }

  static List<String> emails(String prefix, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) out.add(prefix + i + "@example.com");
    return out;
  }

  /** Creates these contacts in HubSpot as someone else would (100 per call, straight to the fake); their ids. */
  Map<String, String> seedContacts(List<String> emails) {
    Map<String, String> ids = new HashMap<>();
    for (int i = 0; i < emails.size(); i += 100) {
      StringBuilder inputs = new StringBuilder();
      for (String e : emails.subList(i, Math.min(emails.size(), i + 100))) {
        inputs.append(inputs.length() == 0 ? "" : ",").append("{\"idProperty\":\"email\",\"id\":\"").append(e)
            .append("\",\"properties\":{\"email\":\"").append(e).append("\"}}");
      }
      JsonNode r = Json.tree(hubspot("POST", "/crm/v3/objects/contacts/batch/upsert", "{\"inputs\":[" + inputs + "]}"));
      for (JsonNode c : r.path("results")) ids.put(c.path("properties").path("email").asText(), c.path("id").asText());
    }
    return ids;
  }

  /** A HubSpot API call straight to the fake, as another app on the portal would make it. */
  String hubspot(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + FakeHubSpot.DEFAULT_TOKEN).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The record ids of the contacts with these emails, as HubSpot has them now. */
  Set<String> idsOf(List<String> emails) {
    Set<String> ids = new TreeSet<>();
    Map<String, String> byEmail = new HashMap<>();
    fake.portal().contacts().forEach(c -> {
      if (c.property("email") != null) byEmail.put(c.property("email"), c.id());
    });
    for (String e : emails) {
      String id = byEmail.get(e);
      if (id == null) throw new AssertionError("HubSpot has no contact " + e);
      ids.add(id);
    }
    return ids;
  }

  Set<String> members(String listName) {
    CrmList list = fake.portal().list(listName).orElseThrow(() -> new AssertionError("no list " + listName));
    return new TreeSet<>(list.memberIds());
  }

  long calls() {
    return fake.stats().total();
  }

  List<CallRecord> callsSince(long count) {
    List<CallRecord> all = fake.calls();
    return all.subList((int) Math.min(all.size(), Math.max(0, all.size() - (calls() - count))), all.size());
  }

  @Override
  public void close() {
    server.close();
    fake.close();
  }
}
