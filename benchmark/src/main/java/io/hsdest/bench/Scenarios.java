package io.hsdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The five scenarios of issue 3. Each starts its own fake and server processes (and stops them,
 * whatever happens), drives the workload, measures, and checks its targets.
 */
final class Scenarios {
  private final Options o;
  private final Path fakeJar;
  private final Path serverJar;

  /** Uses copies of the jars in the run directory, so a build during the run changes nothing under it. */
  Scenarios(Options o) throws java.io.IOException {
    this.o = o;
    Path jars = Files.createDirectories(o.out.resolve("jars"));
    this.fakeJar = Files.copy(o.repo.resolve("hubspot-fake/target/hubspot-fake.jar"), jars.resolve("hubspot-fake.jar"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    this.serverJar = Files.copy(o.repo.resolve("destination-server/target/destination-server.jar"),
        jars.resolve("destination-server.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  Result run(String name) {
    Result r = new Result(name);
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      switch (name) {
        case "standard" -> standard(r, cleanup);
        case "throughput" -> throughput(r, cleanup);
        case "overload" -> overload(r, cleanup);
        case "faults" -> faults(r, cleanup, false);
        case "kill" -> faults(r, cleanup, true);
        case "durable-throughput", "durable-standard", "durable-kill", "kafka-three" ->
            new DurableScenarios(this, o).run(name, r, cleanup);
        default -> throw new IllegalArgumentException(name);
      }
    } catch (Exception e) {
      r.error = e.getClass().getSimpleName() + ": " + e.getMessage();
    } finally {
      for (int i = cleanup.size() - 1; i >= 0; i--) {
        try {
          cleanup.get(i).close();
        } catch (Exception e) {
          // best effort
        }
      }
    }
    return r;
  }

  // ---------------------------------------------------------------- settings

  /**
   * The destination settings of every scenario: product defaults, plus event mappings a real user
   * would set for this source (Segment's "revenue" is HubSpot's "amount"; page fields go to
   * HubSpot's default page properties), plus any --setting.
   */
  ObjectNode settings(Consumer<ObjectNode> scenario) {
    ObjectNode s = Workload.JSON.createObjectNode();
    ObjectNode maps = s.putObject("eventMappings");
    maps.putObject("Order Completed").put("name", "pe123456_order_completed").putObject("properties").put("revenue", "amount");
    maps.putObject("Page Viewed").put("name", "pe123456_page_viewed").putObject("properties")
        .put("url", "hs_page_url").put("title", "hs_page_title").put("referrer", "hs_referrer");
    scenario.accept(s);
    s.setAll(o.settings);
    return s;
  }

  ObjectNode serverSettings(Consumer<ObjectNode> scenario) {
    ObjectNode s = Workload.JSON.createObjectNode();
    scenario.accept(s);
    s.setAll(o.server);
    return s;
  }

  boolean adoption(ObjectNode settings) {
    return settings.path("adoptCompanyByDomain").asBoolean(true);
  }

  Fake fake(Path dir, List<AutoCloseable> cleanup, String... flags) throws Exception {
    Fake f = Fake.start(fakeJar, List.of(flags), dir, o.fakeHeap);
    cleanup.add(f::stop);
    return f;
  }

  DestinationServer server(Path dir, Fake fake, ObjectNode settings, ObjectNode server,
      List<AutoCloseable> cleanup) throws Exception {
    return server(dir, fake, settings, server, cleanup, List.of());
  }

  /** A server with more destinations after {@code bench} (see {@link DestinationServer#start}). */
  DestinationServer server(Path dir, Fake fake, ObjectNode settings, ObjectNode server,
      List<AutoCloseable> cleanup, List<ObjectNode> moreDestinations) throws Exception {
    DestinationServer s = DestinationServer.start(serverJar, dir, fake.baseUrl, settings, server, serverJvm(), moreDestinations);
    cleanup.add(s::stop);
    fakes.put(s, fake);
    return s;
  }

  /**
   * The server's JVM options: a 1 GB heap, as README's deployment section says to run it, so that RSS shows what the
   * server keeps rather than how lazily the JVM gives back garbage (the default max heap is a quarter of RAM);
   * {@code --server-jvm} replaces it.
   */
  List<String> serverJvm() {
    return o.serverJvm.isEmpty() ? List.of("-Xmx1g") : o.serverJvm;
  }

  private static long selfCpuMs() {
    return Proc.cpuMs(ProcessHandle.current().pid());
  }

  // ---------------------------------------------------------------- standard

  private void standard(Result r, List<AutoCloseable> cleanup) throws Exception {
    Path dir = o.out.resolve("standard");
    Fake fake = fake(dir, cleanup, "--latency-ms", String.valueOf(o.latencyMs));
    ObjectNode settings = settings(s -> {});
    DestinationServer srv = server(dir, fake, settings, serverSettings(s -> {}), cleanup);
    Workload w = new Workload(o.seed, o.batchSize, 1);
    Workload.Round round = w.round(0);
    List<Workload.Batch> batches = w.batches(round);
    int senders = o.senders != null ? o.senders : 4;

    Fake.Stats before = fake.stats();
    Cpu cpu = new Cpu(srv, fake);
    Driver d = new Driver(srv.baseUrl, 10_000, 300_000);
    d.run(fixed(batches), senders, 0);
    d.close();
    cpu.stop();
    String quiet = awaitQuiet(srv, fake, 60_000);
    Fake.Stats calls = fake.stats().minus(before);
    Floor floor = Floor.of(round.shape(), adoption(settings));

    r.figure("workload", round.shape().messages() + " messages (600 track / 150 users, 300 identify / 200 users, "
        + "100 group / 40 companies) in " + batches.size() + " batches of " + o.batchSize + ", " + senders + " senders");
    r.figure("fake", "no rate limit, latency " + o.latencyMs + " ms");
    common(r, d, calls, floor, round.shape().messages(), d.startNanos, d.lastAckNanos() + 1, srv, cpu);
    if (quiet != null) r.note("server not idle after the run: " + quiet);
    checkCalls(r, calls, floor, round.shape().messages());
    Floor waves = Floor.inFlight(round.messages(), senders * o.batchSize, adoption(settings));
    double per1000 = (calls.total() - calls.schemaReads()) * 1000.0 / round.shape().messages();
    r.figure("floor with " + senders + "x" + o.batchSize + " messages in flight", waves.total() + " calls ("
        + floorFormula(waves, round.shape().messages()) + "); measured = " + fmt(per1000 / (waves.total() * 1000.0
        / round.shape().messages())) + "x this floor");
    fake.writeTimeline(10_000, dir.resolve("calls.tsv"));
    checkHolds(r, EndState.of(fake.state()), round.shape(), srv);
    r.check("every batch answered 200", d.batchesAcked.sum() + "/" + batches.size(), d.batchesAcked.sum() == batches.size());
    allInFlight(r, round, batches, settings);
  }

  /**
   * The same 1,000 messages with every batch sent at once (one sender per batch), on a fresh fake
   * and server: how close the server's batching gets to the floor when the clients don't limit it.
   */
  private void allInFlight(Result r, Workload.Round round, List<Workload.Batch> batches, ObjectNode settings) {
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      Path dir = o.out.resolve("standard/all-in-flight");
      Fake fake = fake(dir, cleanup, "--latency-ms", String.valueOf(o.latencyMs));
      DestinationServer srv = server(dir, fake, settings, serverSettings(s -> {}), cleanup);
      Fake.Stats before = fake.stats();
      Driver d = new Driver(srv.baseUrl, 10_000, 300_000);
      d.run(fixed(batches), batches.size(), 0);
      d.close();
      awaitQuiet(srv, fake, 60_000);
      Fake.Stats calls = fake.stats().minus(before);
      long data = calls.total() - calls.schemaReads();
      Floor floor = Floor.of(round.shape(), adoption(settings));
      r.figure("same 1,000 with all " + batches.size() + " batches in flight at once (not a target)", data + " calls = "
          + fmt(data * 1000.0 / round.shape().messages()) + " per 1,000 = " + fmt(data / (double) floor.total()) + "x floor; "
          + endpoints(calls));
    } catch (Exception e) {
      r.note("the all-in-flight probe failed: " + e);
    } finally {
      for (int i = cleanup.size() - 1; i >= 0; i--) {
        try {
          cleanup.get(i).close();
        } catch (Exception e) {
          // best effort
        }
      }
    }
  }

  /** HubSpot holds one record per contact, company, association and event of the workload. */
  private void checkHolds(Result r, EndState state, Workload.Shape shape, DestinationServer srv) throws Exception {
    boolean ok = state.contacts.size() == shape.contacts() && state.companies.size() == shape.companies()
        && state.associations.size() == shape.associations() && state.events.size() == shape.events()
        && state.anomalies.isEmpty();
    r.figure("end state", state.summary() + "; server still has " + srv.status().path("pendingAssociations").asText()
        + " pending associations");
    r.check("HubSpot holds the workload's " + shape.contacts() + " contacts, " + shape.companies() + " companies, "
        + shape.associations() + " associations, " + shape.events() + " events", state.summary()
        + (state.anomalies.isEmpty() ? "" : " " + state.anomalies), ok);
  }

  private void checkCalls(Result r, Fake.Stats calls, Floor floor, long messages) {
    double per1000 = (calls.total() - calls.schemaReads()) * 1000.0 / messages;
    double floorPer1000 = floor.total() * 1000.0 / messages;
    r.check("HubSpot calls per 1,000 messages <= 1.5x floor (" + fmt(1.5 * floorPer1000) + ")",
        fmt(per1000) + " = " + fmt(per1000 / floorPer1000) + "x floor", per1000 <= 1.5 * floorPer1000 + 1e-9);
  }

  // ---------------------------------------------------------------- throughput

  private void throughput(Result r, List<AutoCloseable> cleanup) throws Exception {
    Path dir = o.out.resolve("throughput");
    int duration = o.durationS != null ? o.durationS : 100;
    int warmup = o.warmupS != null ? o.warmupS : 60;
    int senders = o.senders != null ? o.senders : 128;
    Fake fake = fake(dir, cleanup, "--call-log", "200", "--max-events", "50000");
    // An unlimited fake sends no rate-limit headers, so the server keeps its configured budget:
    // set it to the most the settings allow, else 100 calls / 10 s would cap the run, not the server.
    ObjectNode settings = settings(s -> s.put("requestsPer10Seconds", 1000));
    DestinationServer srv = server(dir, fake, settings, serverSettings(s -> {}), cleanup);
    Workload w = new Workload(o.seed, o.batchSize, 50);
    // enough for 25,000 msg/s (about 650 bytes a message); beyond that, rounds are built on the fly
    RoundSource source = new RoundSource(w, Math.min(1_200, 25 * duration));

    Driver d = new Driver(srv.baseUrl, 10_000, (duration + 120) * 1000L);
    Window win = new Window(srv, fake);
    Thread timer = win.timer(warmup, duration, d::stop, "throughput-timer");
    timer.start();
    d.run(source, senders, 0);
    d.close();
    timer.join();

    r.figure("workload", "the standard mix, round after round (users and companies from 50 rotating populations), "
        + senders + " senders, batches of " + o.batchSize + ", " + duration + " s, first " + warmup + " s left out");
    r.figure("fake", "no rate limit, no latency; server requestsPer10Seconds=1000 (the schema's maximum)");
    if (win.calls == null) throw new IllegalStateException("the measurement window never closed");
    long acked = d.messagesAckedBetween(win.fromNanos, win.toNanos);
    Workload.Shape one = w.round(0).shape();
    Floor floor = Floor.of(scale(one, acked / (double) one.messages()),
        adoption(settings) ? d.newCompaniesAckedBetween(win.fromNanos, win.toNanos) : 0);
    common(r, d, win.calls, floor, acked, win.fromNanos, win.toNanos, srv, win.cpu);
    double rate = acked / ((win.toNanos - win.fromNanos) / 1e9);
    r.check("delivered messages/s >= 20,000", fmt(rate), rate >= 20_000);
    checkCalls(r, win.calls, floor, Math.max(1, acked));
    r.note("messages sent in all: " + d.messagesStarted.sum() + " in " + d.batchesStarted.sum() + " batches; "
        + d.unacknowledged() + " batches ended without a 200");
  }

  // ---------------------------------------------------------------- overload

  private void overload(Result r, List<AutoCloseable> cleanup) throws Exception {
    Path dir = o.out.resolve("overload");
    int duration = o.durationS != null ? o.durationS : 60;
    int warmup = o.warmupS != null ? o.warmupS : 10;
    int outstanding = o.senders != null ? o.senders : 2000;
    int budget = 100;
    Fake fake = fake(dir, cleanup, "--rate-limit-per-10s", String.valueOf(budget), "--call-log", "3000", "--max-events", "50000");
    ObjectNode settings = settings(s -> {});
    ObjectNode server = serverSettings(s -> {});
    DestinationServer srv = DestinationServer.start(serverJar, dir, fake.baseUrl, settings, server, serverJvm());
    cleanup.add(srv::stop);
    fakes.put(srv, fake);
    Workload w = new Workload(o.seed, o.batchSize, 50);
    Workload.Shape one = w.round(0).shape();
    Floor floorOne = Floor.of(one, adoption(settings));
    // what the budget carries: budget calls per second / counted calls per message at the floor
    // (adoption reads are left out: once every population was seen, rounds bring no new company)
    double countedPerMessage = (one.contacts() / 100.0 + one.companies() / 100.0) / one.messages();
    double capacity = budget / 10.0 / countedPerMessage;
    double offered = o.offeredRate != null ? o.offeredRate : 10 * capacity;
    RoundSource source = new RoundSource(w);

    Driver d = new Driver(srv.baseUrl, 10_000, (duration + 30) * 1000L);
    Window win = new Window(srv, fake);
    List<long[]> samples = new ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();
    // a flag besides the interrupt: an HTTP read that is interrupted swallows it, and the sampler would go on forever
    java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      long t0 = System.nanoTime();
      java.time.Duration patience = java.time.Duration.ofSeconds(2);
      while (sampling.get() && !Thread.currentThread().isInterrupted()) {
        long t = (System.nanoTime() - t0) / 1_000_000;
        long rss = srv.rssKb(); // from /proc: known even when the server doesn't answer
        JsonNode st = srv.statusOrNull(patience);
        Map<String, Double> m;
        try {
          m = srv.metrics(patience);
        } catch (Exception e) {
          m = Map.of();
        }
        if (st == null || m.isEmpty()) unanswered.incrementAndGet();
        long live = (long) DestinationServer.sum(m, "jvm_gc_live_data_size_bytes", null) / 1024;
        long heap = (long) DestinationServer.sum(m, "jvm_memory_used_bytes", "area=\"heap\"") / 1024;
        synchronized (samples) {
          samples.add(new long[] {t, rss, st == null ? -1 : st.path("queuedOperations").asLong(),
              st == null ? -1 : st.path("activeRequests").asLong(), live, heap});
        }
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "overload-sampler");
    sampler.setDaemon(true);
    Thread timer = win.timer(warmup, duration, d::stop, "overload-timer");
    sampler.start();
    timer.start();
    Thread run = new Thread(() -> {
      try {
        d.run(source, outstanding, offered / o.batchSize);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "overload-driver");
    run.setDaemon(true);
    run.start();
    timer.join();
    run.join(5_000); // outstanding batches are the client's backlog; the run is over
    sampling.set(false);
    sampler.interrupt();
    sampler.join();
    if (win.calls == null) throw new IllegalStateException("the measurement window never closed");
    Map<String, Double> metrics = metricsOrNote(r, srv);
    Fake.Stats whole = fake.stats();
    double windowS = (win.toNanos - win.fromNanos) / 1e9;
    long acked = d.messagesAckedBetween(win.fromNanos, win.toNanos);

    r.figure("workload", "the standard mix, round after round (50 rotating populations), offered at " + fmt(offered)
        + " msg/s = " + fmt(offered / capacity) + "x the " + fmt(capacity) + " msg/s the budget carries at the floor ("
        + floorOne.tenSecondly() + " counted calls per 1,000 at best: " + fmt(countedPerMessage * 1000) + "), up to "
        + outstanding + " batches outstanding, " + duration + " s, first " + warmup + " s left out");
    r.figure("fake", "--rate-limit-per-10s " + budget + " (events, association batches and search exempt, as HubSpot does)");
    r.figure("server JVM", String.join(" ", serverJvm()));
    common(r, d, win.calls, Floor.of(scale(one, acked / (double) one.messages()),
        adoption(settings) ? d.newCompaniesAckedBetween(win.fromNanos, win.toNanos) : 0), acked,
        win.fromNanos, win.toNanos, srv, win.cpu);
    long attempted = d.requestsSent.sum();
    r.figure("offered vs sent", "offered " + fmt(offered * duration) + " messages; the driver started "
        + d.messagesStarted.sum() + " in " + d.batchesStarted.sum() + " batches (" + fmt(d.messagesStarted.sum() / (double) duration)
        + " msg/s) and made " + attempted + " requests incl. resends");
    double used = win.calls.tenSecondlyCounted() / (budget / 10.0 * windowS);
    r.figure("budget use", win.calls.tenSecondlyCounted() + " counted calls in " + fmt(windowS) + " s = "
        + pct(used) + " of " + budget + "/10 s");
    String rss = rssSeries(samples);
    r.figure("server over time (RSS/heap used/live after GC MB, queued operations, active requests)", rss);
    if (unanswered.get() > 0) {
      r.note("the server left /status or /metrics unanswered for 2 s in " + unanswered.get() + " of " + samples.size()
          + " one-second samples (q-1 above)");
    }
    long told = d.answered(429) + d.answered(503);
    r.check("zero 429s from HubSpot", String.valueOf(whole.tooManyRequests()), whole.tooManyRequests() == 0);
    r.check(">= 90% of the budget used", pct(used), used >= 0.9);
    r.check("clients told to back off (429/503 answers)", told + " (429: " + d.answered(429) + ", 503: " + d.answered(503) + ")",
        told > 0);
    long[] rssThirds = thirds(samples, warmup * 1000L, 1, false);
    long[] liveThirds = thirds(samples, warmup * 1000L, 4, true);
    boolean rssFlat = rssThirds[1] > 0 && rssThirds[2] <= rssThirds[1] * 1.10;
    boolean alive = srv.proc.alive() && !metrics.isEmpty();
    r.check("server memory flat (max RSS of the last third of the run <= 110% of the middle third's, server still up)",
        "RSS " + rssThirds[0] / 1024 + " / " + rssThirds[1] / 1024 + " / " + rssThirds[2] / 1024 + " MB"
            + (alive ? "" : srv.proc.alive() ? ", server unresponsive" : ", server died"),
        rssFlat && alive);
    r.figure("median live heap after GC by third (not a target: it follows the queue)", liveThirds[0] / 1024 + " / "
        + liveThirds[1] / 1024 + " / " + liveThirds[2] / 1024 + " MB; GC pauses "
        + fmt(DestinationServer.sum(metrics, "jvm_gc_pause_seconds_sum", null)) + " s in all");
    heapHistogram(r, srv, o.out.resolve("overload/heap-histogram.txt"));
    r.summary.put("HubSpot 429s", String.valueOf(whole.tooManyRequests()));
    long maxQueued = 0;
    synchronized (samples) {
      for (long[] s : samples) maxQueued = Math.max(maxQueued, s[2]);
    }
    r.figure("queued operations (max of 1 s samples)", String.valueOf(maxQueued));
    r.note("hubspot_rate_limited_total (server) = " + fmt(DestinationServer.sum(metrics, "hubspot_rate_limited_total", null)));
    if (whole.tooManyRequests() > 0) explain429s(r, fake);
  }

  /** For each 429 the fake sent: the counted calls in the 10 s before it, and which of them were not batch writes. */
  private static void explain429s(Result r, Fake fake) {
    try {
      JsonNode calls = Http.getJson(fake.baseUrl + "/__fake/calls?limit=3000").path("calls");
      List<JsonNode> all = new ArrayList<>();
      calls.forEach(all::add);
      int shown = 0;
      for (JsonNode c : all) {
        if (c.path("status").asInt() != 429 || shown++ >= 5) continue;
        long t = c.path("time").asLong();
        int counted = 0;
        Map<String, Integer> others = new TreeMap<>();
        for (JsonNode x : all) {
          long tx = x.path("time").asLong();
          if (tx <= t - 10_000 || tx >= t || x.path("status").asInt() == 429) continue;
          String ep = x.path("endpoint").asText(x.path("method").asText() + " " + x.path("path").asText());
          if (!Fake.Stats.countsTenSecondly(ep)) continue;
          counted++;
          if (!ep.contains("/batch/")) others.merge(ep, 1, Integer::sum);
        }
        r.note("429 at " + java.time.Instant.ofEpochMilli(t) + " on " + c.path("method").asText() + " " + c.path("path").asText()
            + ": " + counted + " counted calls answered in the 10 s before it" + (others.isEmpty() ? "" : ", of which not batch writes: " + others));
      }
      if (all.size() >= 3000) r.note("(the fake's call log holds only the last 3000 calls; earlier 429s are not shown)");
    } catch (Exception e) {
      r.note("could not read the fake's call log: " + e);
    }
  }

  private static Workload.Shape scale(Workload.Shape s, double f) {
    return new Workload.Shape((int) Math.round(s.messages() * f), (int) Math.round(s.contacts() * f),
        (int) Math.round(s.companies() * f), (int) Math.round(s.events() * f), (int) Math.round(s.associations() * f));
  }

  private static String rssSeries(List<long[]> samples) {
    StringBuilder b = new StringBuilder();
    synchronized (samples) {
      for (long[] s : samples) {
        if (s[0] / 1000 % 5 != 0 && s != samples.get(samples.size() - 1)) continue;
        if (b.length() > 0) b.append(", ");
        b.append(s[0] / 1000).append("s:").append(s[1] / 1024).append('/').append(s[5] / 1024).append('/').append(s[4] / 1024)
            .append(" q").append(s[2]).append(" r").append(s[3]);
      }
    }
    return b.toString();
  }

  /** What the server's heap holds at the end (jmap -histo:live, which runs a full GC first): the top classes. */
  private static void heapHistogram(Result r, DestinationServer srv, Path file) {
    try {
      Process p = new ProcessBuilder("jmap", "-histo:live", String.valueOf(srv.proc.pid())).redirectErrorStream(true)
          .redirectOutput(file.toFile()).start();
      if (!p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        r.note("jmap -histo:live did not finish within 90 s");
        return;
      }
      List<String> lines = Files.readAllLines(file);
      StringBuilder b = new StringBuilder();
      for (String l : lines) {
        String[] f = l.trim().split("\\s+");
        if (f.length < 4 || !f[0].endsWith(":")) continue;
        if (b.length() > 0) b.append(", ");
        b.append(f[3].replace("java.util.", "").replace("io.hsdest.", "")).append(' ').append(Long.parseLong(f[2]) / (1024 * 1024))
            .append(" MB");
        if (b.length() > 400) break;
      }
      String total = lines.stream().filter(l -> l.startsWith("Total")).findFirst().orElse("");
      r.figure("live heap at the end (jmap -histo:live)", total.replaceAll("\\s+", " ").trim() + "; top: " + b);
    } catch (Exception e) {
      r.note("no heap histogram: " + e);
    }
  }

  /** Max (or median) of sample column {@code column} (kB) in each third of the samples taken after {@code afterMs}. */
  private static long[] thirds(List<long[]> samples, long afterMs, int column, boolean median) {
    List<long[]> s;
    synchronized (samples) {
      s = samples.stream().filter(x -> x[0] >= afterMs).toList();
    }
    long[] out = new long[3];
    for (int third = 0; third < 3; third++) {
      List<Long> v = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) if (Math.min(2, i * 3 / Math.max(1, s.size())) == third && s.get(i)[column] > 0) v.add(s.get(i)[column]);
      if (v.isEmpty()) continue;
      v.sort(null);
      out[third] = median ? v.get(v.size() / 2) : v.get(v.size() - 1);
    }
    return out;
  }

  // ---------------------------------------------------------------- faults and kill

  private void faults(Result r, List<AutoCloseable> cleanup, boolean kill) throws Exception {
    String name = kill ? "kill" : "faults";
    Workload w = new Workload(o.seed, o.batchSize, 1);
    Workload.Round round = w.round(0);
    List<Workload.Batch> batches = w.batches(round);
    int senders = o.senders != null ? o.senders : 4;
    ObjectNode settings = settings(s -> {});
    ObjectNode server = serverSettings(s -> {});

    // 1. the same workload against a well-behaved fake: the expected end state
    Path refDir = o.out.resolve(name + "/reference");
    List<AutoCloseable> refCleanup = new ArrayList<>();
    EndState expected;
    long refDropped;
    try {
      Fake refFake = fake(refDir, refCleanup);
      DestinationServer refSrv = server(refDir, refFake, settings, server, refCleanup);
      Driver ref = new Driver(refSrv.baseUrl, 10_000, 300_000);
      ref.run(fixed(batches), senders, 0);
      ref.close();
      String quiet = awaitQuiet(refSrv, refFake, 60_000);
      if (quiet != null) r.note("reference server not idle after its run: " + quiet);
      if (ref.batchesAcked.sum() != batches.size()) {
        throw new IllegalStateException("the fault-free reference run did not get a 200 for every batch: "
            + ref.errorSamples);
      }
      expected = EndState.of(refFake.state());
      refDropped = ref.outcomes.getOrDefault("DROPPED", new java.util.concurrent.atomic.LongAdder()).sum();
      r.figure("reference (fault-free) end state", expected.summary() + "; " + refDropped + " messages DROPPED");
    } finally {
      for (int i = refCleanup.size() - 1; i >= 0; i--) refCleanup.get(i).close();
    }

    // 2. the run under faults
    Path dir = o.out.resolve(name + "/faulty");
    List<String> flags = new ArrayList<>(List.of("--error-rate", "0.2", "--rate-429", "0.05", "--hang-rate", "0.02",
        "--retry-after-429", String.valueOf(o.retryAfter429), "--seed", String.valueOf(o.seed)));
    if (o.applyWritesOnFault) flags.add("--apply-writes-on-fault");
    Fake fake = fake(dir, cleanup, flags.toArray(String[]::new));
    DestinationServer srv = server(dir, fake, settings, server, cleanup);
    Cpu cpu = new Cpu(srv, fake);
    Driver d = new Driver(srv.baseUrl, 10_000, 600_000);
    List<String> timeline = new ArrayList<>();
    long t0 = System.nanoTime();
    AtomicInteger phase = new AtomicInteger();
    Thread director = new Thread(() -> {
      try {
        // outage when a quarter of the batches are acknowledged
        while (d.batchesAcked.sum() < batches.size() / 4) Thread.sleep(20);
        fake.configure("{\"outage\":true}");
        Fake.Stats beforeOutage = fake.stats();
        timeline.add(at(t0) + " outage starts (" + d.batchesAcked.sum() + "/" + batches.size() + " batches acknowledged)");
        Thread.sleep(o.outageS * 1000L);
        Fake.Stats duringOutage = fake.stats().minus(beforeOutage);
        fake.configure("{\"outage\":false}");
        timeline.add(at(t0) + " outage ends (" + d.batchesAcked.sum() + " acknowledged; the server made "
            + duringOutage.total() + " calls to the down HubSpot in " + o.outageS + " s)");
        if (kill) {
          long target = batches.size() * 6L / 10;
          while (d.batchesAcked.sum() < target) Thread.sleep(20);
          JsonNode st = srv.status();
          srv.kill9();
          timeline.add(at(t0) + " kill -9 of the server (" + d.batchesAcked.sum() + " acknowledged; it had "
              + st.path("queuedOperations").asText() + " operations queued, " + st.path("inFlightCalls").asText()
              + " calls in flight, " + st.path("pendingAssociations").asText() + " pending associations)");
          Thread.sleep(1_000);
          srv.launch();
          timeline.add(at(t0) + " server restarted on the same port and data dir");
        }
        phase.set(1);
      } catch (Exception e) {
        timeline.add(at(t0) + " director failed: " + e);
        phase.set(2);
      }
    }, name + "-director");
    director.setDaemon(true);
    director.start();
    d.run(fixed(batches), senders, 0);
    d.close();
    timeline.add(at(t0) + " last batch answered");
    director.join(120_000);
    cpu.stop();
    String quiet = awaitQuiet(srv, fake, 120_000);
    timeline.add(at(t0) + (quiet == null ? " server idle" : " server still busy: " + quiet)
        + (quiet == null ? ", " + srv.status().path("pendingAssociations").asText() + " pending associations left" : ""));
    writeBatches(o.out.resolve(name + "/batches.tsv"), d, t0, round, o.batchSize);
    Fake.Stats calls = fake.stats();
    EndState actual = EndState.of(fake.state());

    r.figure("workload", "the standard 1,000 messages, " + senders + " senders resending on 429/503/errors");
    r.figure("fake", "20% 5xx, 5% 429 (Retry-After: " + (o.retryAfter429 > 0 ? o.retryAfter429 + " s" : "none") + "), 2% hangs (never answered)"
        + (o.applyWritesOnFault ? ", writes applied before a fault" : "")
        + ", " + o.outageS + " s outage" + (kill ? ", kill -9 of the server mid-way" : ""));
    common(r, d, calls, Floor.of(round.shape(), adoption(settings)), round.shape().messages(), d.startNanos,
        d.lastAckNanos() + 1, srv, cpu);
    r.figure("faults injected", calls.serverErrors() + " 5xx (incl. outage 503s), " + calls.tooManyRequests() + " 429s, "
        + calls.hung() + " hangs");
    r.figure("timeline", String.join("; ", timeline));
    r.figure("end state", actual.summary());
    List<String> diffs = actual.diff(expected, Integer.MAX_VALUE);
    long dropped = d.outcomes.getOrDefault("DROPPED", new java.util.concurrent.atomic.LongAdder()).sum();
    r.check("every batch answered 200 in the end", d.batchesAcked.sum() + "/" + batches.size(), d.batchesAcked.sum() == batches.size());
    r.check("no more messages DROPPED than in the fault-free run", dropped + " vs " + refDropped, dropped <= refDropped);
    r.check("end state equals the fault-free run's (nothing lost, nothing doubled)",
        diffs.isEmpty() ? "equal" : diffs.size() + " differences " + EndState.kinds(diffs), diffs.isEmpty());
    if (phase.get() != 1) r.note("the fault director did not finish its timeline");
    if (!diffs.isEmpty()) {
      Path file = o.out.resolve(name + "/differences.txt");
      Files.write(file, diffs);
      r.note("differences (all in " + file + "):");
      for (String s : diffs.subList(0, Math.min(12, diffs.size()))) r.note("  " + s);
    }
  }

  /** Each batch's life (seconds since t0) and the users and groups in it, to trace a difference back to its messages. */
  static void writeBatches(Path file, Driver d, long t0, Workload.Round round, int batchSize) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("batch\tfirst_send_s\tanswered_s\tattempts\tstatus\tmessages (type:user[/group] timestamp)");
    List<Driver.Sent> all;
    synchronized (d.sent) {
      all = new ArrayList<>(d.sent);
    }
    all.sort(java.util.Comparator.comparingInt(x -> x.batch().index()));
    for (Driver.Sent x : all) {
      StringBuilder m = new StringBuilder();
      int from = x.batch().index() * batchSize;
      for (int i = from; i < Math.min(round.messages().size(), from + x.batch().messages()); i++) {
        JsonNode msg = round.messages().get(i);
        if (m.length() > 0) m.append(' ');
        m.append(msg.path("type").asText().charAt(0)).append(':').append(msg.path("userId").asText())
            .append(msg.has("groupId") ? "/" + msg.path("groupId").asText() : "").append('@')
            .append(msg.path("timestamp").asText().substring(11, 19));
      }
      lines.add(x.batch().index() + "\t" + fmt((x.firstSendNanos() - t0) / 1e9) + "\t" + fmt((x.doneNanos() - t0) / 1e9)
          + "\t" + x.attempts() + "\t" + x.finalStatus() + "\t" + m);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, lines);
  }

  private static String at(long t0) {
    return "t=" + fmt((System.nanoTime() - t0) / 1e9) + "s";
  }

  // ---------------------------------------------------------------- common measurements

  /** CPU time of the three processes over a stretch of the run. */
  static final class Cpu {
    private final DestinationServer srv;
    private final Fake fake;
    private final long s0;
    private final long f0;
    private final long d0;
    private final long t0 = System.nanoTime();
    private final long[] machine0 = machine();
    long machineBusyMs;
    long stealMs;
    long serverMs;
    long fakeMs;
    long driverMs;
    long wallMs;

    Cpu(DestinationServer srv, Fake fake) {
      this.srv = srv;
      this.fake = fake;
      s0 = srv.cpuMs();
      f0 = fake.proc.cpuMs();
      d0 = selfCpuMs();
    }

    Cpu stop() {
      serverMs = srv.cpuMs() - s0;
      fakeMs = fake.proc.cpuMs() - f0;
      driverMs = selfCpuMs() - d0;
      wallMs = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
      long[] m = machine();
      machineBusyMs = m[0] - machine0[0];
      stealMs = m[1] - machine0[1];
      return this;
    }

    String describe() {
      int cores = Runtime.getRuntime().availableProcessors();
      long others = Math.max(0, machineBusyMs - serverMs - fakeMs - driverMs);
      return "server " + pct(serverMs / (double) wallMs) + ", fake " + pct(fakeMs / (double) wallMs) + ", driver "
          + pct(driverMs / (double) wallMs) + ", other processes " + pct(others / (double) wallMs) + " of one core ("
          + cores + " cores = " + cores * 100 + "%; machine busy " + pct(machineBusyMs / (double) wallMs) + ", stolen by the host "
          + pct(stealMs / (double) wallMs) + ") over "
          + fmt(wallMs / 1000.0) + " s";
    }

    /** The machine's busy CPU time so far in ms, from /proc/stat (all cores). */
    private static long[] machine() {
      try {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]); // user nice system irq softirq steal
        return new long[] {busy * 10, Long.parseLong(f[8]) * 10};
      } catch (Exception e) {
        return new long[] {0, 0};
      }
    }
  }

  /** A measurement window: fake stats and CPU between open() and close(). */
  static final class Window {
    private final DestinationServer srv;
    private final Fake fake;
    private Fake.Stats before;
    volatile Fake.Stats calls;
    volatile Cpu cpu;
    volatile long fromNanos;
    volatile long toNanos;

    Window(DestinationServer srv, Fake fake) {
      this.srv = srv;
      this.fake = fake;
    }

    void open() throws Exception {
      before = fake.stats();
      cpu = new Cpu(srv, fake);
      fromNanos = System.nanoTime();
    }

    void close() throws Exception {
      toNanos = System.nanoTime();
      cpu.stop();
      calls = fake.stats().minus(before);
    }

    /** A daemon thread that opens the window after the warm-up, closes it at the end, then runs {@code end}. */
    Thread timer(int warmupS, int durationS, Runnable end, String name) {
      Thread t = new Thread(() -> {
        try {
          Thread.sleep(warmupS * 1000L);
          open();
          Thread.sleep((durationS - warmupS) * 1000L);
          close();
        } catch (Exception e) {
          // reported by the missing window
        }
        end.run();
      }, name);
      t.setDaemon(true);
      return t;
    }
  }

  private void common(Result r, Driver d, Fake.Stats calls, Floor floor, long messages, long fromNanos, long toNanos,
      DestinationServer srv, Cpu cpu) throws Exception {
    Map<String, Long> outcomes = Driver.snapshot(d.outcomes);
    r.figure("client outcomes", outcomes + (d.dropReasons.isEmpty() ? "" : " dropped/skipped: " + Driver.snapshot(d.dropReasons)));
    r.figure("warnings on delivered messages", Driver.snapshot(d.warningCodes).toString());
    long data = calls.total() - calls.schemaReads();
    double per1000 = data * 1000.0 / Math.max(1, messages);
    r.figure("HubSpot calls", calls.total() + " in all, " + calls.schemaReads() + " of them GETs (schema reads, token probe: not per message); "
        + fmt(per1000) + " per 1,000 messages (" + messages + " messages)");
    r.figure("floor", fmt(floor.total() * 1000.0 / Math.max(1, messages)) + " per 1,000: " + floorFormula(floor, messages));
    r.figure("calls by endpoint", endpoints(calls));
    if (calls.total() <= 10_000) r.figure("inputs per call (call log)", inputsPerCall(fakeOf(srv)));
    double seconds = (toNanos - fromNanos) / 1e9;
    long acked = d.messagesAckedBetween(fromNanos, toNanos);
    double rate = acked / seconds;
    long[] lat = d.latenciesMs(fromNanos, toNanos);
    r.figure("delivered", acked + " messages acknowledged in " + fmt(seconds) + " s = " + fmt(rate) + " msg/s");
    r.figure("end-to-end latency (batch sent to its 200)", "p50 " + Driver.percentile(lat, 50) + " ms, p99 "
        + Driver.percentile(lat, 99) + " ms, max " + (lat.length == 0 ? -1 : lat[lat.length - 1]) + " ms over " + lat.length + " batches");
    r.figure("429s from HubSpot (fake's count)", String.valueOf(calls.tooManyRequests()));
    r.figure("server answers to the clients", "200: " + d.answered(200) + ", 429: " + d.answered(429) + ", 503: "
        + d.answered(503) + ", other: " + other(d) + ", connection errors: " + d.connectionErrors.sum() + ", timeouts: "
        + d.timeouts.sum());
    long peak = srv.peakRssKb();
    r.figure("server peak RSS (VmHWM)", peak / 1024 + " MB");
    Map<String, Double> metrics = metricsOrNote(r, srv);
    r.figure("server /metrics", "delivery_retries_total " + fmt(DestinationServer.sum(metrics, "delivery_retries_total", null))
        + ", hubspot_rate_limited_total " + fmt(DestinationServer.sum(metrics, "hubspot_rate_limited_total", null))
        + ", hubspot calls by status " + byLabel(metrics, "hubspot_request_duration_seconds_count", "status"));
    if (cpu != null) r.figure("CPU", cpu.describe());
    if (!d.errorSamples.isEmpty()) r.note("client errors: " + d.errorSamples);

    r.summary.put("messages", String.valueOf(acked));
    r.summary.put("calls/1k (floor)", fmt(per1000) + " (" + fmt(floor.total() * 1000.0 / Math.max(1, messages)) + ")");
    r.summary.put("msg/s", fmt(rate));
    r.summary.put("p50/p99 ms", Driver.percentile(lat, 50) + " / " + Driver.percentile(lat, 99));
    r.summary.put("HubSpot 429s", String.valueOf(calls.tooManyRequests()));
    r.summary.put("client 429/503", d.answered(429) + " / " + d.answered(503));
    r.summary.put("peak RSS MB", String.valueOf(peak / 1024));
    r.summary.put("retries", fmt(DestinationServer.sum(metrics, "delivery_retries_total", null)));
  }

  private final Map<DestinationServer, Fake> fakes = new java.util.IdentityHashMap<>();

  Fake fakeOf(DestinationServer s) {
    return fakes.get(s);
  }

  static String inputsPerCall(Fake fake) {
    if (fake == null) return "-";
    try {
      StringBuilder b = new StringBuilder();
      fake.inputsPerCall(10_000).forEach((k, v) -> {
        if (b.length() > 0) b.append(", ");
        b.append(k).append(' ').append(v[1]).append('/').append(v[0]).append(" = ").append(fmt(v[1] / (double) v[0]));
      });
      return b.toString();
    } catch (Exception e) {
      return "unavailable: " + e;
    }
  }

  /** The server's metrics, or none (with a note) when it doesn't answer within the control timeout. */
  static Map<String, Double> metricsOrNote(Result r, DestinationServer srv) {
    try {
      return srv.metrics();
    } catch (Exception e) {
      r.note("the server did not answer GET /metrics (" + e + "); its figures are missing");
      return Map.of();
    }
  }

  static String floorFormula(Floor f, long messages) {
    return "contacts " + f.contacts() + " + companies " + f.companies() + " + event batches " + f.events()
        + " + association batches " + f.associations()
        + (f.adoptionSearches() > 0 ? " + adoption searches " + f.adoptionSearches() : "")
        + " = " + f.total() + " calls for " + messages + " messages";
  }

  private static long other(Driver d) {
    long n = 0;
    for (var e : d.answers.entrySet()) if (e.getKey() != 200 && e.getKey() != 429 && e.getKey() != 503) n += e.getValue().sum();
    return n;
  }

  static String endpoints(Fake.Stats calls) {
    StringBuilder b = new StringBuilder();
    calls.byEndpoint().forEach((k, v) -> {
      if (b.length() > 0) b.append(", ");
      b.append(k.replace("POST ", "").replace("/crm/v3/objects/", "").replace("/crm/v4/associations/", "assoc/")).append(' ').append(v);
    });
    return b.toString();
  }

  private static Map<String, Long> byLabel(Map<String, Double> metrics, String name, String label) {
    Map<String, Long> m = new TreeMap<>();
    for (var e : metrics.entrySet()) {
      String k = e.getKey();
      if (!k.startsWith(name + "{")) continue;
      int i = k.indexOf(label + "=\"");
      if (i < 0) continue;
      String v = k.substring(i + label.length() + 2, k.indexOf('"', i + label.length() + 2));
      m.merge(v, Math.round(e.getValue()), Long::sum);
    }
    return m;
  }

  /**
   * Waits until the server has nothing queued or in flight and the fake saw no call for 1.5 s;
   * null when it got there, else what was still going on at the deadline. (Pending associations
   * wait for a contact that may never come, so they are reported, not awaited.)
   */
  static String awaitQuiet(DestinationServer srv, Fake fake, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    long lastTotal = -1;
    long stableSince = System.currentTimeMillis();
    JsonNode st = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        st = srv.status();
      } catch (java.io.IOException e) {
        return "the server does not answer (" + e + "; process " + (srv.proc.alive() ? "alive" : "exited "
            + srv.proc.process.exitValue()) + ")";
      }
      long total = fake.stats().total();
      long now = System.currentTimeMillis();
      if (total != lastTotal) {
        lastTotal = total;
        stableSince = now;
      }
      boolean idle = st.path("queuedOperations").asLong() == 0 && st.path("inFlightCalls").asLong() == 0
          && st.path("activeRequests").asLong() == 0;
      if (idle && now - stableSince >= 1_500) return null;
      Thread.sleep(250);
    }
    return st == null ? "no status" : st.toString();
  }

  // ---------------------------------------------------------------- sources

  static Driver.Source fixed(List<Workload.Batch> batches) {
    Iterator<Workload.Batch> it = batches.iterator();
    return () -> {
      synchronized (it) {
        return it.hasNext() ? it.next() : null;
      }
    };
  }

  /**
   * Rounds of the workload. {@code pregenerate} rounds are built before the run (so building
   * request bodies doesn't eat the CPU the run measures); later ones as they are needed.
   */
  static final class RoundSource implements Driver.Source {
    private final Workload w;
    private final java.util.ArrayDeque<Workload.Batch> ready = new java.util.ArrayDeque<>();
    private int next;
    private Workload.Shape shape = Workload.Shape.ZERO;

    RoundSource(Workload w) {
      this(w, 0);
    }

    RoundSource(Workload w, int pregenerate) {
      this.w = w;
      for (int i = 0; i < pregenerate; i++) add();
    }

    private void add() {
      Workload.Round r = w.round(next++);
      shape = shape.plus(r.shape());
      ready.addAll(w.batches(r));
    }

    @Override
    public synchronized Workload.Batch next() {
      if (ready.isEmpty()) add();
      return ready.poll();
    }

    synchronized Workload.Shape shape() {
      return shape;
    }

    synchronized int rounds() {
      return next;
    }
  }

  static String fmt(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return String.valueOf(v);
    if (Math.abs(v) >= 100) return String.format("%,.0f", v);
    if (Math.abs(v) >= 10) return String.format("%.1f", v);
    return String.format("%.2f", v);
  }

  static String pct(double v) {
    return String.format("%.0f%%", v * 100);
  }
}
