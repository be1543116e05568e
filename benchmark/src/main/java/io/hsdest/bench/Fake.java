package io.hsdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The HubSpot fake as a separate process ({@code hubspot-fake.jar}), and its /__fake API. */
final class Fake {
  final Proc proc;
  final String baseUrl;

  private Fake(Proc proc, String baseUrl) {
    this.proc = proc;
    this.baseUrl = baseUrl;
  }

  static Fake start(Path jar, List<String> flags, Path dir, String heap) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + heap, "-jar", jar.toString(), "--port", "0"));
    cmd.addAll(flags);
    Proc p = Proc.start("hubspot-fake", cmd, Map.of(), dir, dir.resolve("fake.log"), l -> l.startsWith("http://"));
    String url = p.awaitLine(60_000).trim();
    return new Fake(p, url);
  }

  void configure(String patchJson) throws Exception {
    Http.postJson(baseUrl + "/__fake/config", patchJson);
  }

  Stats stats() throws Exception {
    return new Stats(Http.getJson(baseUrl + "/__fake/stats"));
  }

  /** Everything the portal holds (contacts, companies, associations, event occurrences). */
  JsonNode state() throws Exception {
    return Http.getJson(baseUrl + "/__fake/state?limit=10000000");
  }

  /** Everything another portal of the fake holds. */
  JsonNode state(long portalId) throws Exception {
    return Http.getJson(baseUrl + "/__fake/state?limit=10000000&portalId=" + portalId);
  }

  /** Adds a portal (seeded like the default one, its event definitions named after it) reached with {@code token}. */
  void addPortal(String token, long portalId) throws Exception {
    Http.postJson(baseUrl + "/__fake/portals", "{\"token\":\"" + token + "\",\"portalId\":" + portalId + "}");
  }

  /**
   * From the fake's call log (the last {@code limit} calls): per method and path, the number of
   * calls and of inputs they carried (batch bodies' {@code inputs}, 1 for a single send, the
   * domains of a search), to see how full the batches were.
   */
  Map<String, long[]> inputsPerCall(int limit) throws Exception {
    Map<String, long[]> m = new TreeMap<>();
    for (JsonNode c : calls(limit)) {
      if (!c.path("method").asText().equals("POST")) continue;
      long[] v = m.computeIfAbsent(shortPath(c), k -> new long[2]);
      v[0]++;
      v[1] += inputs(c);
    }
    return m;
  }

  /**
   * The call log as a timeline (milliseconds from the first call, method, path, inputs, status), one
   * call per line: to see which calls a run's batches shared.
   */
  void writeTimeline(int limit, Path file) throws Exception {
    StringBuilder b = new StringBuilder("ms\tmethod\tpath\tinputs\tstatus\n");
    long first = -1;
    for (JsonNode c : calls(limit)) {
      long t = c.path("time").asLong();
      if (first < 0) first = t;
      b.append(t - first).append('\t').append(c.path("method").asText()).append('\t').append(shortPath(c))
          .append('\t').append(inputs(c)).append('\t').append(c.path("status").asInt()).append('\n');
    }
    Files.writeString(file, b);
  }

  private JsonNode calls(int limit) throws Exception {
    return Http.getJson(baseUrl + "/__fake/calls?limit=" + limit).path("calls");
  }

  private static String shortPath(JsonNode call) {
    return call.path("path").asText().replace("/crm/v3/objects/", "").replace("/crm/v4/associations/", "assoc/");
  }

  /** Batch bodies' {@code inputs}, the domains of a search, 1 for anything else. */
  private static long inputs(JsonNode call) {
    JsonNode body = call.path("body");
    if (body.isTextual()) {
      try {
        body = Workload.JSON.readTree(body.asText());
      } catch (Exception e) {
        return 1;
      }
    }
    if (body.has("inputs")) return body.path("inputs").size();
    if (body.has("filterGroups")) return body.path("filterGroups").path(0).path("filters").path(0).path("values").size();
    return 1;
  }

  void stop() {
    proc.stop(5_000);
  }

  /** A snapshot of /__fake/stats; differences of two snapshots measure one stretch of a run. */
  record Stats(long total, long tooManyRequests, long serverErrors, long hung, long eventsStored,
      Map<String, Long> byEndpoint) {
    Stats(JsonNode j) {
      this(j.path("total").asLong(), j.path("tooManyRequests").asLong(), j.path("serverErrors").asLong(),
          j.path("hung").asLong(), j.path("eventOccurrencesStored").asLong(), endpoints(j.path("byEndpoint")));
    }

    private static Map<String, Long> endpoints(JsonNode byEndpoint) {
      Map<String, Long> m = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = byEndpoint.fields(); it.hasNext(); ) {
        var e = it.next();
        long n = 0;
        for (Iterator<JsonNode> s = e.getValue().elements(); s.hasNext(); ) n += s.next().asLong();
        m.put(e.getKey(), n);
      }
      return m;
    }

    Stats minus(Stats before) {
      Map<String, Long> m = new TreeMap<>();
      byEndpoint.forEach((k, v) -> {
        long d = v - before.byEndpoint.getOrDefault(k, 0L);
        if (d != 0) m.put(k, d);
      });
      return new Stats(total - before.total, tooManyRequests - before.tooManyRequests,
          serverErrors - before.serverErrors, hung - before.hung, eventsStored - before.eventsStored, m);
    }

    /**
     * GET calls: schema reads (properties, event definitions) and the token probe, made at start-up
     * and on schema refreshes, not per message. (Every write and lookup of the delivery path is a POST.)
     */
    long schemaReads() {
      return byEndpoint.entrySet().stream().filter(e -> e.getKey().startsWith("GET ")).mapToLong(Map.Entry::getValue).sum();
    }

    /** Calls that HubSpot counts against the ten-secondly limit of the token (not events, association batches, search). */
    long tenSecondlyCounted() {
      return byEndpoint.entrySet().stream().filter(e -> countsTenSecondly(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    static boolean countsTenSecondly(String endpoint) {
      return !endpoint.startsWith("POST /events/v3/send") && !endpoint.matches("POST /crm/v4/associations/[^ ]*/batch/.*")
          && !endpoint.endsWith("/search");
    }
  }
}
