package io.hsdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The destination server as a separate process ({@code destination-server.jar}), configured by a
 * config file (DESTINATION_CONFIG) that points it at the fake, plus its /status and /metrics.
 * The port is chosen here, so a restart after {@code kill -9} comes back on the same address.
 */
final class DestinationServer {
  static final String WRITE_KEY = "bench";

  final Path jar;
  final Path dir;
  final Path configFile;
  final int port;
  final String baseUrl;
  final List<String> jvmOptions;
  Proc proc;
  /** Peak RSS (VmHWM, kB) of every process of this server so far (a restart starts a new process). */
  long peakRssKb;
  long cpuMsOfEarlierProcesses;

  private DestinationServer(Path jar, Path dir, Path configFile, int port, List<String> jvmOptions) {
    this.jar = jar;
    this.dir = dir;
    this.configFile = configFile;
    this.port = port;
    this.baseUrl = "http://127.0.0.1:" + port;
    this.jvmOptions = jvmOptions;
  }

  /**
   * Writes the config file and starts the server.
   *
   * @param settings destination settings (accessToken and portalId are added)
   * @param server server settings (port, host, hubspotBaseUrl and dataDir are added)
   */
  static DestinationServer start(Path jar, Path dir, String fakeUrl, ObjectNode settings, ObjectNode server,
      List<String> jvmOptions) throws Exception {
    return start(jar, dir, fakeUrl, settings, server, jvmOptions, List.of());
  }

  /**
   * As above, with more destinations after {@code bench} (complete entries: id, writeKeys, settings),
   * e.g. one on another portal of the fake to warm the server up without touching {@code bench}'s portal.
   */
  static DestinationServer start(Path jar, Path dir, String fakeUrl, ObjectNode settings, ObjectNode server,
      List<String> jvmOptions, List<ObjectNode> moreDestinations) throws Exception {
    int port = freePort();
    ObjectNode config = Workload.JSON.createObjectNode();
    ObjectNode dest = config.putArray("destinations").addObject();
    dest.put("id", "bench");
    dest.putArray("writeKeys").add(WRITE_KEY);
    ObjectNode s = dest.putObject("settings");
    s.put("accessToken", "pat-na1-TEST");
    s.put("portalId", "123456");
    s.setAll(settings);
    moreDestinations.forEach(((com.fasterxml.jackson.databind.node.ArrayNode) config.get("destinations"))::add);
    ObjectNode sv = config.putObject("server");
    sv.put("port", port);
    sv.put("host", "127.0.0.1");
    sv.put("hubspotBaseUrl", fakeUrl);
    sv.put("dataDir", dir.resolve("server-data").toString());
    sv.setAll(server);
    Files.createDirectories(dir);
    Path file = dir.resolve("destinations.json");
    Files.writeString(file, Workload.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    DestinationServer d = new DestinationServer(jar, dir, file, port, jvmOptions);
    d.launch();
    return d;
  }

  /** Starts (or restarts) the process and waits for its start-up line. */
  void launch() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("java");
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar.toString());
    proc = Proc.start("destination-server", cmd, Map.of("DESTINATION_CONFIG", configFile.toString()), dir,
        dir.resolve("server.log"), l -> l.startsWith("hubspot-destination listening on"));
    proc.awaitLine(90_000);
  }

  /** kill -9 the process (recording its peak RSS and CPU first). */
  void kill9() throws InterruptedException {
    remember();
    proc.kill9();
  }

  void stop() {
    if (proc == null) return;
    remember();
    proc.stop(15_000);
  }

  private void remember() {
    peakRssKb = Math.max(peakRssKb, proc.statusKb("VmHWM"));
    long cpu = proc.cpuMs();
    if (cpu > 0) cpuMsOfEarlierProcesses += cpu;
  }

  long peakRssKb() {
    return Math.max(peakRssKb, proc == null ? -1 : proc.statusKb("VmHWM"));
  }

  long rssKb() {
    return proc.statusKb("VmRSS");
  }

  /** CPU time of every process of this server so far. */
  long cpuMs() {
    return cpuMsOfEarlierProcesses + (proc != null && proc.alive() ? proc.cpuMs() : 0);
  }

  JsonNode status() throws IOException, InterruptedException {
    return Http.getJson(baseUrl + "/status").path("destinations").path(0);
  }

  /** A destination's part of /status, or null when the server doesn't answer within {@code timeout} or has no such destination. */
  JsonNode statusOrNull(String destinationId, java.time.Duration timeout) {
    try {
      for (JsonNode d : Workload.JSON.readTree(Http.get(baseUrl + "/status", timeout)).path("destinations")) {
        if (d.path("id").asText().equals(destinationId)) return d;
      }
      return null;
    } catch (Exception e) {
      return null;
    }
  }

  /** /status, or null when the server doesn't answer within {@code timeout}. */
  JsonNode statusOrNull(java.time.Duration timeout) {
    try {
      return Workload.JSON.readTree(Http.get(baseUrl + "/status", timeout)).path("destinations").path(0);
    } catch (Exception e) {
      return null;
    }
  }

  /** The server's Prometheus text, reduced to series name{labels} -> value, JVM internals left out. */
  Map<String, Double> metrics() throws IOException, InterruptedException {
    return metrics(java.time.Duration.ofSeconds(60));
  }

  Map<String, Double> metrics(java.time.Duration timeout) throws IOException, InterruptedException {
    Map<String, Double> m = new TreeMap<>();
    for (String line : Http.get(baseUrl + "/metrics", timeout).split("\n")) {
      if (line.startsWith("#") || line.isBlank()) continue;
      int sp = line.lastIndexOf(' ');
      if (sp < 0) continue;
      try {
        m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
      } catch (NumberFormatException e) {
        // not a sample
      }
    }
    return m;
  }

  static double sum(Map<String, Double> metrics, String name, String labelFilter) {
    double s = 0;
    for (var e : metrics.entrySet()) {
      String k = e.getKey();
      if ((k.equals(name) || k.startsWith(name + "{")) && (labelFilter == null || k.contains(labelFilter))) s += e.getValue();
    }
    return s;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
