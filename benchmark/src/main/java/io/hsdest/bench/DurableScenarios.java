package io.hsdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable-delivery scenarios of issue 12 ({@code server.delivery.mode} = {@code durable}): what
 * answering once a message is recorded buys over answering once HubSpot has it. Each scenario runs
 * both modes (or the fault-free reference) on fresh fakes and servers, as separate processes, and
 * measures what HubSpot ends up holding, not what the server answered.
 */
final class DurableScenarios {
  static final List<String> NAMES = List.of("durable-throughput", "durable-standard", "durable-kill", "kafka-three");

  /** Issue 12: the standard workload, 1,000 messages at once, fits in 10 calls; durable mode may take 1.3x that. */
  static final int ISSUE_GLOBAL_FLOOR = 10;

  private final Scenarios s;
  private final Options o;

  DurableScenarios(Scenarios s, Options o) {
    this.s = s;
    this.o = o;
  }

  void run(String name, Result r, List<AutoCloseable> cleanup) throws Exception {
    switch (name) {
      case "durable-throughput" -> throughput(r);
      case "durable-standard" -> sequential(r);
      case "durable-kill" -> kill(r, cleanup);
      case "kafka-three" -> kafkaThree(r, cleanup);
      default -> throw new IllegalArgumentException(name);
    }
  }

  /** Server settings of a delivery mode (embedded log, or Kafka when {@code kafka} is set), plus any --server. */
  private ObjectNode mode(String mode, String kafka) {
    return s.serverSettings(x -> {
      x.putObject("delivery").put("mode", mode);
      if (kafka != null) x.putObject("kafka").put("bootstrapServers", kafka);
    });
  }

  // ---------------------------------------------------------------- durable-throughput

  /** The warm-up destination: another portal of the same fake, so the measured portal sees only the measured run. */
  private static final String WARMUP = "warmup";
  private static final long WARMUP_PORTAL = 654321;
  private static final String WARMUP_TOKEN = "pat-na1-WARMUP";

  /** One pass of the throughput comparison: the 50,000 messages sent to one destination of one server. */
  private record Rate(String mode, String pass, int messages, double sendToLastAckS, double sendToDeliveredS, long[] latencies,
      Fake.Stats calls, String endState, boolean holds, long acked, long batches, String cpu, String notes) {
    double accepted() {
      return messages / sendToLastAckS;
    }

    double delivered() {
      return messages / sendToDeliveredS;
    }

    String label() {
      return mode + " (" + pass + ")";
    }
  }

  /** Both passes of one mode, and what only the end tells. */
  private record Rates(Rate cold, Rate warm, long peakRssKb, Map<String, Integer> receipts) {}

  private void throughput(Result r) throws Exception {
    int senders = o.senders != null ? o.senders : 4;
    int batchSize = 100;
    Workload w = new Workload(o.seed, batchSize, 50);
    List<Workload.Batch> batches = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Workload.Shape shape = Workload.Shape.ZERO;
    for (int i = 0; i < 50; i++) {
      Workload.Round round = w.round(i);
      shape = shape.plus(round.shape());
      batches.addAll(w.batches(round));
      for (ObjectNode m : round.messages()) ids.add(m.path("messageId").asText());
    }
    // a second warm-up: the same mix under another seed (other messageIds), sent to the warm-up destination unmeasured
    Workload again = new Workload(o.seed + 1, batchSize, 50);
    List<Workload.Batch> warmUp = new ArrayList<>();
    long warmUpEvents = 0;
    for (int i = 0; i < 50; i++) {
      Workload.Round round = again.round(i);
      warmUp.addAll(again.batches(round));
      warmUpEvents += round.shape().events();
    }
    WarmUp extra = new WarmUp(warmUp, warmUpEvents);
    Rates sync = rates("sync", batches, shape, ids, senders, extra);
    settle();
    Rates durable = rates("durable", batches, shape, ids, senders, extra);
    Floor floor = Floor.of(shape, s.adoption(s.settings(c -> {})));

    r.figure("workload", shape.messages() + " messages (50 rounds of the standard mix, 50 populations: " + shape.contacts()
        + " contacts, " + shape.companies() + " companies, " + shape.events() + " events, " + shape.associations()
        + " pairs) in " + batches.size() + " batches of " + batchSize + ", " + senders
        + " closed-loop senders (each sends its next batch when its last one is answered 200)");
    r.figure("passes", "each mode: a fresh fake and server; the 50,000 sent first to a warm-up destination (portal " + WARMUP_PORTAL
        + " of the same fake: the cold pass, JIT compiling), then 50,000 more of another seed to it, not measured (on 2 cores the"
        + " JIT compiler still takes up to half a core after the first 50,000), a wait for the server's CPU to fall quiet, then the"
        + " 50,000 to the measured one (portal 123456: the warm pass, the target)");
    r.figure("fake", "no rate limit, no latency; both destinations requestsPer10Seconds=1000 (the schema's maximum, as in throughput)");
    for (Rates m : List.of(sync, durable)) {
      for (Rate x : List.of(m.cold(), m.warm())) {
        String k = x.label() + ": ";
        r.figure(k + "delivered", x.messages() + " messages in HubSpot " + Scenarios.fmt(x.sendToDeliveredS())
            + " s after the first send = " + Scenarios.fmt(x.delivered()) + " msg/s");
        r.figure(k + "answered", "last 200 after " + Scenarios.fmt(x.sendToLastAckS()) + " s = " + Scenarios.fmt(x.accepted())
            + " msg/s; per request (sent to its 200) p50 " + Driver.percentile(x.latencies(), 50) + " ms, p99 "
            + Driver.percentile(x.latencies(), 99) + " ms, max " + max(x.latencies()) + " ms over " + x.latencies().length + " requests");
        long data = x.calls().total() - x.calls().schemaReads();
        r.figure(k + "HubSpot calls", data + " (+" + x.calls().schemaReads() + " GETs) = " + Scenarios.fmt(data * 1000.0 / x.messages())
            + " per 1,000 (floor " + Scenarios.fmt(floor.total() * 1000.0 / x.messages()) + "); " + Scenarios.endpoints(x.calls())
            + "; 429s " + x.calls().tooManyRequests());
        r.figure(k + "CPU (first send to everything in HubSpot)", x.cpu());
        r.figure(k + "end state", x.endState());
        if (!x.notes().isEmpty()) r.note(x.label() + ": " + x.notes());
      }
      r.figure(m.warm().mode() + ": server peak RSS", m.peakRssKb() / 1024 + " MB");
    }
    r.figure("durable (warm): receipts", durable.receipts().toString());
    r.figure("cold passes (not a target)", "durable " + Scenarios.fmt(durable.cold().delivered()) + " vs sync "
        + Scenarios.fmt(sync.cold().delivered()) + " msg/s = " + Scenarios.fmt(durable.cold().delivered() / sync.cold().delivered()) + "x");
    double ratio = durable.warm().delivered() / sync.warm().delivered();
    r.check("durable delivers >= 3x the messages per second of sync (warm passes; first send to everything in HubSpot)",
        Scenarios.fmt(durable.warm().delivered()) + " vs " + Scenarios.fmt(sync.warm().delivered()) + " msg/s = "
            + Scenarios.fmt(ratio) + "x", ratio >= 3);
    for (Rates m : List.of(sync, durable)) {
      for (Rate x : List.of(m.cold(), m.warm())) {
        r.check(x.label() + ": every batch answered 200, and HubSpot holds every contact, company, association and event",
            x.acked() + "/" + x.batches() + "; " + x.endState(), x.acked() == x.batches() && x.holds());
      }
    }
    int finals = durable.receipts().entrySet().stream().filter(e -> ReceiptCheck.isFinal(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    r.check("durable: every receipt final (GET /v1/messages/{id} for each message of the warm pass)", finals + "/" + ids.size(),
        finals == ids.size());
    r.summary.put("messages", String.valueOf(shape.messages()));
    r.summary.put("msg/s", Scenarios.fmt(durable.warm().delivered()) + " delivered (sync " + Scenarios.fmt(sync.warm().delivered())
        + " = " + Scenarios.fmt(ratio) + "x), " + Scenarios.fmt(durable.warm().accepted()) + " accepted");
    r.summary.put("p50/p99 ms", Driver.percentile(durable.warm().latencies(), 50) + " / " + Driver.percentile(durable.warm().latencies(), 99)
        + " (sync " + Driver.percentile(sync.warm().latencies(), 50) + " / " + Driver.percentile(sync.warm().latencies(), 99) + ")");
    r.summary.put("calls/1k (floor)", Scenarios.fmt(dataPer1000(durable.warm())) + " (sync " + Scenarios.fmt(dataPer1000(sync.warm()))
        + "; floor " + Scenarios.fmt(floor.total() * 1000.0 / shape.messages()) + ")");
    r.summary.put("HubSpot 429s", String.valueOf(sync.warm().calls().tooManyRequests() + durable.warm().calls().tooManyRequests()));
    r.summary.put("peak RSS MB", durable.peakRssKb() / 1024 + " (sync " + sync.peakRssKb() / 1024 + ")");
  }

  private static double dataPer1000(Rate x) {
    return (x.calls().total() - x.calls().schemaReads()) * 1000.0 / x.messages();
  }

  /** The unmeasured second warm-up pass: its batches, and the events HubSpot holds once it is delivered. */
  private record WarmUp(List<Workload.Batch> batches, long events) {}

  /**
   * One mode: a fresh fake and server with two destinations, the cold pass and the unmeasured one to the warm-up one,
   * then the warm pass to {@code bench}.
   */
  private Rates rates(String mode, List<Workload.Batch> batches, Workload.Shape shape, List<String> ids, int senders, WarmUp extra)
      throws Exception {
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      Path dir = o.out.resolve("durable-throughput/" + mode);
      Fake fake = s.fake(dir, cleanup, "--call-log", "2000");
      fake.addPortal(WARMUP_TOKEN, WARMUP_PORTAL);
      ObjectNode settings = s.settings(x -> x.put("requestsPer10Seconds", 1000));
      DestinationServer srv = s.server(dir, fake, settings, mode(mode, null), cleanup, List.of(warmupDestination(settings)));
      Rate cold = pass(mode, "cold", srv, fake, WARMUP, WARMUP, WARMUP_PORTAL, batches, shape, senders);
      long events = fake.stats().eventsStored();
      Driver d = new Driver(List.of(srv.baseUrl), WARMUP, 10_000, 600_000);
      d.run(Scenarios.fixed(extra.batches()), senders, 0);
      d.close();
      StringBuilder why = new StringBuilder();
      if (awaitDelivered(List.of(srv), WARMUP, fake, events + extra.events(), true, 600_000, why) < 0) {
        throw new IllegalStateException(mode + ": the second warm-up pass was not delivered within 10 minutes: " + why);
      }
      awaitIdleCpu(srv, 60_000);
      Rate warm = pass(mode, "warm", srv, fake, "bench", DestinationServer.WRITE_KEY, 123456, batches, shape, senders);
      fake.writeTimeline((int) warm.calls().total(), dir.resolve("calls-warm.tsv")); // which calls, when: what bounded the pass
      Map<String, Integer> receipts = mode.equals("durable") ? ReceiptCheck.count(ReceiptCheck.outcomes(srv.baseUrl, ids)) : Map.of();
      return new Rates(cold, warm, srv.peakRssKb(), receipts);
    } finally {
      close(cleanup);
    }
  }

  /**
   * Waits until the server's CPU falls quiet (under 5% of a core over a second): after the cold pass the JIT compiler
   * works through its queue for a while, and on two cores it would take CPU from the warm pass it is not part of.
   */
  private static void awaitIdleCpu(DestinationServer srv, long maxMs) throws InterruptedException {
    long until = System.currentTimeMillis() + maxMs;
    long before = srv.cpuMs();
    while (System.currentTimeMillis() < until) {
      Thread.sleep(1_000);
      long now = srv.cpuMs();
      if (now - before < 50) return;
      before = now;
    }
  }

  /** The measured destination's settings on the warm-up portal (its event definitions carry that portal's id). */
  private static ObjectNode warmupDestination(ObjectNode settings) throws Exception {
    ObjectNode st = (ObjectNode) Workload.JSON.readTree(settings.toString().replace("pe123456_", "pe" + WARMUP_PORTAL + "_"));
    st.put("accessToken", WARMUP_TOKEN);
    st.put("portalId", String.valueOf(WARMUP_PORTAL));
    ObjectNode d = Workload.JSON.createObjectNode();
    d.put("id", WARMUP);
    d.putArray("writeKeys").add(WARMUP);
    d.set("settings", st);
    return d;
  }

  private Rate pass(String mode, String pass, DestinationServer srv, Fake fake, String destination, String writeKey, long portal,
      List<Workload.Batch> batches, Workload.Shape shape, int senders) throws Exception {
    Fake.Stats before = fake.stats();
    Scenarios.Cpu cpu = new Scenarios.Cpu(srv, fake);
    Driver d = new Driver(List.of(srv.baseUrl), writeKey, 10_000, 600_000);
    d.run(Scenarios.fixed(batches), senders, 0);
    d.close();
    StringBuilder why = new StringBuilder();
    long delivered = awaitDelivered(List.of(srv), destination, fake, before.eventsStored() + shape.events(), true, 600_000, why);
    cpu.stop();
    Fake.Stats calls = fake.stats().minus(before);
    StringBuilder notes = new StringBuilder();
    if (delivered < 0) notes.append("not everything delivered within 10 minutes: ").append(why).append(". ");
    String quiet = Scenarios.awaitQuiet(srv, fake, 60_000);
    if (quiet != null) notes.append("server not idle after the pass: ").append(quiet).append(". ");
    EndState state = EndState.of(fake.state(portal));
    if (!d.errorSamples.isEmpty()) notes.append("client errors: ").append(d.errorSamples);
    long end = delivered > 0 ? delivered : System.nanoTime();
    return new Rate(mode, pass, shape.messages(), (d.lastAckNanos() - d.startNanos) / 1e9, (end - d.startNanos) / 1e9,
        d.latenciesMs(d.startNanos, Long.MAX_VALUE), calls, state.summary() + (state.anomalies.isEmpty() ? "" : " " + state.anomalies),
        holds(state, shape), d.batchesAcked.sum(), batches.size(), cpu.describe(), notes.toString());
  }

  // ---------------------------------------------------------------- durable-standard

  /** One mode's run of the standard workload as sequential requests. */
  private record Pattern(String mode, long dataCalls, Fake.Stats calls, String inputs, double lastAckS, long[] latencies,
      double seconds, EndState state, boolean holds, long acked, String notes) {}

  private void sequential(Result r) throws Exception {
    Workload w = new Workload(o.seed, 50, 1);
    Workload.Round round = w.round(0);
    List<Workload.Batch> batches = w.batches(round);
    Pattern sync = pattern("sync", round, batches);
    settle();
    Pattern durable = pattern("durable", round, batches);
    Floor floor = Floor.of(round.shape(), s.adoption(s.settings(x -> {})));
    double limit = 1.3 * ISSUE_GLOBAL_FLOOR;

    r.figure("workload", "the standard 1,000 messages as " + batches.size() + " sequential requests of 50 (one sender; each request"
        + " sent when the previous one is answered 200)");
    r.figure("floors", "issue 12's global floor: " + ISSUE_GLOBAL_FLOOR + " calls (the 1,000 messages at once); Floor's count of"
        + " HubSpot's batch limits: " + Scenarios.floorFormula(floor, round.shape().messages()));
    for (Pattern x : List.of(sync, durable)) {
      String m = x.mode() + ": ";
      r.figure(m + "HubSpot calls", x.dataCalls() + " (+" + x.calls().schemaReads() + " GETs) = " + Scenarios.fmt(x.dataCalls()
          / (double) ISSUE_GLOBAL_FLOOR) + "x the global floor of " + ISSUE_GLOBAL_FLOOR + " = " + Scenarios.fmt(x.dataCalls()
          / (double) floor.total()) + "x Floor's " + floor.total() + "; " + Scenarios.endpoints(x.calls()));
      r.figure(m + "inputs per call", x.inputs());
      r.figure(m + "answered", "last 200 " + Scenarios.fmt(x.lastAckS()) + " s after the first send; per request p50 "
          + Driver.percentile(x.latencies(), 50) + " ms, max " + max(x.latencies()) + " ms");
      r.figure(m + "first send to everything in HubSpot", Scenarios.fmt(x.seconds()) + " s");
      r.figure(m + "end state", x.state().summary());
      if (!x.notes().isEmpty()) r.note(x.mode() + ": " + x.notes());
    }
    r.check("durable: HubSpot calls <= 1.3x the global floor of " + ISSUE_GLOBAL_FLOOR + " (" + Scenarios.fmt(limit) + ")",
        durable.dataCalls() + " calls (sync, same pattern: " + sync.dataCalls() + ")", durable.dataCalls() <= limit + 1e-9);
    for (Pattern x : List.of(sync, durable)) {
      r.check(x.mode() + ": every request answered 200", x.acked() + "/" + batches.size(), x.acked() == batches.size());
      r.check(x.mode() + ": HubSpot holds the workload's " + round.shape().contacts() + " contacts, " + round.shape().companies()
          + " companies, " + round.shape().associations() + " associations, " + round.shape().events() + " events",
          x.state().summary() + (x.state().anomalies.isEmpty() ? "" : " " + x.state().anomalies), x.holds());
    }
    r.summary.put("messages", String.valueOf(round.shape().messages()));
    r.summary.put("calls/1k (floor)", durable.dataCalls() + " (" + ISSUE_GLOBAL_FLOOR + "; sync " + sync.dataCalls() + ")");
    r.summary.put("HubSpot 429s", String.valueOf(sync.calls().tooManyRequests() + durable.calls().tooManyRequests()));
  }

  private Pattern pattern(String mode, Workload.Round round, List<Workload.Batch> batches) throws Exception {
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      Path dir = o.out.resolve("durable-standard/" + mode);
      Fake fake = s.fake(dir, cleanup);
      DestinationServer srv = s.server(dir, fake, s.settings(x -> {}), mode(mode, null), cleanup);
      Fake.Stats before = fake.stats();
      Driver d = new Driver(srv.baseUrl, 10_000, 300_000);
      d.run(Scenarios.fixed(batches), 1, 0);
      d.close();
      StringBuilder notes = new StringBuilder();
      long delivered = awaitDelivered(List.of(srv), fake, round.shape().events(), 300_000, notes);
      if (delivered < 0) notes.insert(0, "not everything delivered within 5 minutes: ").append(". ");
      String quiet = Scenarios.awaitQuiet(srv, fake, 60_000);
      if (quiet != null) notes.append("server not idle after the run: ").append(quiet).append(". ");
      Fake.Stats calls = fake.stats().minus(before);
      fake.writeTimeline(10_000, dir.resolve("calls.tsv"));
      Scenarios.writeBatches(dir.resolve("batches.tsv"), d, d.startNanos, round, 50);
      EndState state = EndState.of(fake.state());
      if (!d.errorSamples.isEmpty()) notes.append("client errors: ").append(d.errorSamples);
      return new Pattern(mode, calls.total() - calls.schemaReads(), calls, Scenarios.inputsPerCall(fake),
          (d.lastAckNanos() - d.startNanos) / 1e9, d.latenciesMs(d.startNanos, Long.MAX_VALUE),
          ((delivered > 0 ? delivered : System.nanoTime()) - d.startNanos) / 1e9, state, holds(state, round.shape()),
          d.batchesAcked.sum(), notes.toString());
    } finally {
      close(cleanup);
    }
  }

  // ---------------------------------------------------------------- durable-kill

  private void kill(Result r, List<AutoCloseable> cleanup) throws Exception {
    Workload w = new Workload(o.seed, 50, 1);
    Workload.Round round = w.round(0);
    List<Workload.Batch> batches = w.batches(round).subList(0, 10);
    List<ObjectNode> messages = round.messages().subList(0, 500);
    Workload.Shape shape = Workload.shapeOf(messages);
    List<String> ids = messages.stream().map(m -> m.path("messageId").asText()).toList();
    int senders = o.senders != null ? o.senders : 4;
    ObjectNode settings = s.settings(x -> {});

    // 1. the same 500 messages, durable, nothing going wrong: what HubSpot and the receipts must end up saying
    Reference ref = reference(o.out.resolve("durable-kill/reference"), batches, senders, mode("durable", null), shape, List.of(), ids);
    r.figure("reference (fault-free, durable) end state", ref.state().summary() + "; receipts " + ReceiptCheck.count(ref.receipts())
        + "; " + ref.pendingAssociations() + " associations pending (their user's identify is among the 500 messages not sent)");

    // 2. HubSpot down while the 500 are accepted; kill -9; HubSpot back; restart on the same data directory
    Path dir = o.out.resolve("durable-kill/killed");
    Fake fake = s.fake(dir, cleanup);
    DestinationServer srv = s.server(dir, fake, settings, mode("durable", null), cleanup);
    List<String> timeline = new ArrayList<>();
    long t0 = System.nanoTime();
    fake.configure("{\"outage\":true}");
    Fake.Stats beforeOutage = fake.stats();
    timeline.add(at(t0) + " HubSpot down (every call answered 503)");
    Driver d = new Driver(srv.baseUrl, 10_000, 120_000);
    d.run(Scenarios.fixed(batches), senders, 0);
    d.close();
    long[] lat = d.latenciesMs(d.startNanos, Long.MAX_VALUE);
    timeline.add(at(t0) + " " + d.batchesAcked.sum() + "/" + batches.size() + " requests answered 200 (p50 "
        + Driver.percentile(lat, 50) + " ms, max " + max(lat) + " ms)");
    Thread.sleep(3_000); // delivery meets the outage and retries for a while
    JsonNode st = srv.status();
    Fake.Stats duringOutage = fake.stats().minus(beforeOutage);
    srv.kill9();
    timeline.add(at(t0) + " kill -9 of the server (its log held " + st.path("durableLog").path("pendingMessages").asText()
        + " messages not final; it had made " + duringOutage.total() + " calls to the down HubSpot)");
    long contactsBefore = EndState.of(fake.state()).contacts.size();
    fake.configure("{\"outage\":false}");
    timeline.add(at(t0) + " HubSpot back");
    Thread.sleep(1_000);
    long restart = System.nanoTime();
    srv.launch();
    timeline.add(at(t0) + " server restarted on the same port and data directory (" + Scenarios.fmt((System.nanoTime() - restart) / 1e9)
        + " s to start)");
    StringBuilder why = new StringBuilder();
    long delivered = awaitDelivered(List.of(srv), fake, shape.events(), false, 600_000, why);
    timeline.add(at(t0) + (delivered > 0 ? " everything delivered, " + Scenarios.fmt((delivered - restart) / 1e9) + " s after the restart"
        : " NOT delivered within 10 minutes: " + why));
    String quiet = Scenarios.awaitQuiet(srv, fake, 60_000);
    if (quiet != null) r.note("server not idle after the run: " + quiet);
    Fake.Stats calls = fake.stats();
    EndState actual = EndState.of(fake.state());
    Map<String, String> receipts = ReceiptCheck.outcomes(srv.baseUrl, ids);

    r.figure("workload", "the first 500 messages of the standard workload in " + batches.size() + " requests of 50, " + senders
        + " senders, sent while HubSpot is down");
    r.figure("timeline", String.join("; ", timeline));
    r.figure("client answers", "200: " + d.answered(200) + ", 429: " + d.answered(429) + ", 503: " + d.answered(503)
        + ", connection errors: " + d.connectionErrors.sum() + ", timeouts: " + d.timeouts.sum() + "; outcomes "
        + Driver.snapshot(d.outcomes));
    r.figure("HubSpot calls", calls.total() + " in all (" + calls.serverErrors() + " answered 503 during the outage); "
        + Scenarios.endpoints(calls));
    r.figure("HubSpot before the restart", contactsBefore + " contacts (it was down)");
    r.figure("end state", actual.summary() + "; " + srv.status().path("pendingAssociations").asText() + " associations pending");
    r.figure("receipts", ReceiptCheck.count(receipts).toString());
    r.figure("server peak RSS (both processes)", srv.peakRssKb() / 1024 + " MB");

    long requests = d.requestsSent.sum();
    r.check("every request answered 200 while HubSpot was down (no resend needed)", d.answered(200) + " of " + requests
        + " requests for " + batches.size() + " batches", d.answered(200) == batches.size() && requests == batches.size());
    List<String> diffs = actual.diff(ref.state(), Integer.MAX_VALUE);
    r.check("end state equals the fault-free run's (nothing lost, nothing doubled)",
        diffs.isEmpty() ? "equal: " + actual.summary() : diffs.size() + " differences " + EndState.kinds(diffs), diffs.isEmpty());
    List<String> receiptDiffs = receiptDifferences(receipts, ref.receipts(), "after the restart");
    r.check("every receipt final, with the fault-free run's outcome", receiptDiffs.isEmpty() ? ids.size() + "/" + ids.size()
        : receiptDiffs.size() + " not: " + receiptDiffs.subList(0, Math.min(5, receiptDiffs.size())), receiptDiffs.isEmpty());
    differences(r, diffs, "durable-kill/differences.txt");
    r.summary.put("messages", String.valueOf(ids.size()));
    r.summary.put("client 429/503", d.answered(429) + " / " + d.answered(503));
    r.summary.put("peak RSS MB", String.valueOf(srv.peakRssKb() / 1024));
  }

  // ---------------------------------------------------------------- kafka-three

  /** One run of three durable servers on the broker: what HubSpot and every instance's receipts say afterwards. */
  private record KafkaRun(String label, long answered200, long connectionErrors, long other, long acked, double deliveredS, String why,
      Fake.Stats calls, long tooManyRequests, EndState state, List<String> receipts, List<String> receiptDiffs, List<String> writesByInstance,
      List<String> timeline) {}

  private void kafkaThree(Result r, List<AutoCloseable> cleanup) throws Exception {
    Workload w = new Workload(o.seed, 50, 1);
    Workload.Round round = w.round(0);
    List<Workload.Batch> batches = w.batches(round);
    List<String> ids = round.messages().stream().map(m -> m.path("messageId").asText()).toList();
    int senders = o.senders != null ? o.senders : 4;
    int budget = 100;
    ObjectNode settings = s.settings(x -> {});

    // 1. one sync server, nothing going wrong: the end state of the standard workload
    Reference ref = reference(o.out.resolve("kafka-three/reference"), batches, senders, mode("sync", null), round.shape(), List.of(), ids);
    r.figure("reference (one sync server, fault-free) end state", ref.state().summary());

    // 2. a real Kafka broker; three durable servers on it, one HubSpot limited to 100 calls / 10 s; then the same with the
    //    instance that delivers killed mid-run and not restarted (own topics and group, a fresh HubSpot)
    KafkaBroker broker = KafkaBroker.start(o.out.resolve("kafka-three/broker"));
    cleanup.add(broker::stop);
    KafkaRun three = kafkaRun("kafka", broker, batches, senders, budget, settings, round.shape(), ids, ref, false);
    KafkaRun killed = kafkaRun("kafka-kill", broker, batches, senders, budget, settings, round.shape(), ids, ref, true);

    // 3. beside it: three independent sync servers (each its own store and budget) on a fresh HubSpot
    Sync3 sync3 = syncThree(o.out.resolve("kafka-three/sync"), batches, senders, budget, settings);
    List<String> syncDiffs = sync3.state().diff(ref.state(), Integer.MAX_VALUE);

    r.figure("workload", "the standard 1,000 messages in " + batches.size() + " requests of 50, " + senders + " senders,"
        + " requests sent round-robin to three servers (a request and its resends stay on one, unless it cannot connect);"
        + " the kill run sends 2 requests a second at most");
    r.figure("fake", "--rate-limit-per-10s " + budget + " (events, association batches and search exempt, as HubSpot does)");
    r.figure("setup", "one Apache Kafka 4 broker (KRaft, child JVM); three durable servers with server.kafka.bootstrapServers set, "
        + "the server settings' defaults otherwise (topics created by the servers, sessionTimeoutMs 30 s)");
    for (KafkaRun k : List.of(three, killed)) {
      String m = k.label() + ": ";
      if (!k.timeline().isEmpty()) r.figure(m + "timeline", String.join("; ", k.timeline()));
      r.figure(m + "client answers", "200: " + k.answered200() + ", other: " + k.other() + ", connection errors: " + k.connectionErrors()
          + " (each resent to the next instance)");
      r.figure(m + "delivered", k.deliveredS() >= 0 ? "everything in HubSpot " + Scenarios.fmt(k.deliveredS()) + " s after the first send"
          : "NOT within 5 minutes: " + k.why());
      r.figure(m + "HubSpot calls", (k.calls().total() - k.calls().schemaReads()) + " (+" + k.calls().schemaReads() + " GETs); "
          + Scenarios.endpoints(k.calls()) + "; write calls per instance (its metrics): " + String.join(", ", k.writesByInstance()));
      r.figure(m + "end state", k.state().summary());
      r.figure(m + "receipts", String.join("; ", k.receipts()));
    }
    r.figure("sync x3: end state (not a target)", sync3.state().summary() + "; " + (ref.state().associations.size()
        - countCommon(sync3.state(), ref.state())) + " of " + ref.state().associations.size() + " associations missing; "
        + syncDiffs.size() + " differences from the reference " + EndState.kinds(syncDiffs) + "; 429s from HubSpot "
        + sync3.tooManyRequests() + "; pending associations left per instance: " + sync3.pending());

    for (KafkaRun k : List.of(three, killed)) {
      String m = k.label() + ": ";
      List<String> diffs = k.state().diff(ref.state(), Integer.MAX_VALUE);
      int made = countCommon(k.state(), ref.state());
      r.check(m + "every batch answered 200", k.acked() + "/" + batches.size(), k.acked() == batches.size());
      r.check(m + "every one of the " + ref.state().associations.size() + " contact-company associations made",
          made + "/" + ref.state().associations.size(), made == ref.state().associations.size());
      r.check(m + "end state equals the single-server run's (nothing lost, nothing doubled)",
          diffs.isEmpty() ? "equal: " + k.state().summary() : diffs.size() + " differences " + EndState.kinds(diffs), diffs.isEmpty());
      r.check(m + "zero 429s from a HubSpot limited to " + budget + " calls / 10 s", String.valueOf(k.tooManyRequests()),
          k.tooManyRequests() == 0);
      r.check(m + "every receipt final on every " + (k == killed ? "surviving " : "") + "instance, with the reference's outcome",
          k.receiptDiffs().isEmpty() ? String.join("; ", k.receipts()) : k.receiptDiffs().size() + " not: "
              + k.receiptDiffs().subList(0, Math.min(5, k.receiptDiffs().size())), k.receiptDiffs().isEmpty());
      differences(r, diffs, "kafka-three/" + k.label() + "-differences.txt");
    }
    if (!syncDiffs.isEmpty()) Files.write(o.out.resolve("kafka-three/sync-differences.txt"), syncDiffs);
    r.summary.put("messages", String.valueOf(ids.size()));
    r.summary.put("HubSpot 429s", three.tooManyRequests() + killed.tooManyRequests() + " (sync x3 " + sync3.tooManyRequests() + ")");
  }

  private KafkaRun kafkaRun(String label, KafkaBroker broker, List<Workload.Batch> batches, int senders, int budget, ObjectNode settings,
      Workload.Shape shape, List<String> ids, Reference ref, boolean killOne) throws Exception {
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      Path dir = o.out.resolve("kafka-three/" + label);
      Fake fake = s.fake(dir, cleanup, "--rate-limit-per-10s", String.valueOf(budget));
      ObjectNode server = mode("durable", broker.bootstrapServers);
      ObjectNode kafka = (ObjectNode) server.get("kafka");
      kafka.put("topic", label + ".messages").put("stateTopic", label + ".state").put("groupId", label);
      List<DestinationServer> trio = new ArrayList<>();
      for (int i = 1; i <= 3; i++) trio.add(s.server(dir.resolve("server-" + i), fake, settings, server, cleanup));
      Fake.Stats before = fake.stats();
      Driver d = new Driver(trio.stream().map(x -> x.baseUrl).toList(), DestinationServer.WRITE_KEY, 10_000, 300_000);
      List<String> timeline = new ArrayList<>();
      List<DestinationServer> alive = new ArrayList<>(trio);
      Thread director = null;
      if (killOne) {
        director = new Thread(() -> killTheDeliverer(d, batches.size(), trio, alive, timeline), label + "-director");
        director.setDaemon(true);
        director.start();
      }
      // the kill run paces its requests (2 a second) so that delivery starts while they still arrive
      d.run(Scenarios.fixed(batches), senders, killOne ? 2 : 0);
      d.close();
      if (director != null) director.join(60_000);
      StringBuilder why = new StringBuilder();
      long delivered = awaitDelivered(alive, fake, shape.events(), 300_000, why);
      if (killOne) timeline.add(at(d.startNanos) + (delivered > 0 ? " everything in HubSpot" : " not everything in HubSpot: " + why));
      for (DestinationServer x : alive) Scenarios.awaitQuiet(x, fake, 60_000);
      Fake.Stats calls = fake.stats().minus(before);
      EndState state = EndState.of(fake.state());
      List<String> receipts = new ArrayList<>();
      List<String> receiptDiffs = new ArrayList<>();
      for (int i = 0; i < trio.size(); i++) {
        if (!alive.contains(trio.get(i))) continue;
        Map<String, String> got = ReceiptCheck.outcomes(trio.get(i).baseUrl, ids);
        receipts.add("instance " + (i + 1) + ": " + ReceiptCheck.count(got));
        receiptDiffs.addAll(receiptDifferences(got, ref.receipts(), "on instance " + (i + 1)));
      }
      List<String> writes = new ArrayList<>();
      for (int i = 0; i < trio.size(); i++) {
        writes.add("instance " + (i + 1) + " " + (alive.contains(trio.get(i)) ? String.valueOf(writes(trio.get(i))) : "(killed)"));
      }
      long other = d.requestsSent.sum() - d.answered(200) - d.connectionErrors.sum() - d.timeouts.sum();
      return new KafkaRun(label, d.answered(200), d.connectionErrors.sum() + d.timeouts.sum(), other, d.batchesAcked.sum(),
          delivered > 0 ? (delivered - d.startNanos) / 1e9 : -1, why.toString(), calls, fake.stats().tooManyRequests(), state, receipts,
          receiptDiffs, writes, timeline);
    } finally {
      close(cleanup);
    }
  }

  /**
   * Once a quarter of the batches are answered and one instance has begun to deliver, {@code kill -9} of that
   * instance (the one making write calls to HubSpot: its partition's owner), not restarted.
   */
  private static void killTheDeliverer(Driver d, int batches, List<DestinationServer> trio, List<DestinationServer> alive,
      List<String> timeline) {
    try {
      while (d.batchesAcked.sum() < batches / 4) Thread.sleep(20);
      DestinationServer owner = null;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (owner == null && System.nanoTime() < deadline) {
        long most = 0;
        for (DestinationServer x : trio) {
          long n = writes(x);
          if (n > most) {
            most = n;
            owner = x;
          }
        }
        if (owner == null) Thread.sleep(50);
      }
      if (owner == null) {
        timeline.add(at(d.startNanos) + " no instance had written to HubSpot within 30 s: none killed");
        return;
      }
      long acked = d.batchesAcked.sum();
      long writes = writes(owner);
      synchronized (alive) {
        alive.remove(owner);
      }
      owner.kill9();
      timeline.add(at(d.startNanos) + " kill -9 of instance " + (trio.indexOf(owner) + 1) + ", the one delivering (" + writes
          + " write calls so far), with " + acked + "/" + batches + " requests answered; not restarted");
    } catch (Exception e) {
      timeline.add(at(d.startNanos) + " the kill failed: " + e);
    }
  }

  /** Write calls (batch writes, searches, event sends) this server made to HubSpot, from its /metrics; 0 when it doesn't answer. */
  private static long writes(DestinationServer srv) {
    try {
      double n = 0;
      for (var e : srv.metrics(java.time.Duration.ofSeconds(5)).entrySet()) {
        String k = e.getKey();
        if (k.startsWith("hubspot_request_duration_seconds_count{") && (k.contains("batch") || k.contains("search") || k.contains("events_send"))) {
          n += e.getValue();
        }
      }
      return Math.round(n);
    } catch (Exception e) {
      return 0;
    }
  }

  private record Sync3(EndState state, long tooManyRequests, String pending) {}

  private Sync3 syncThree(Path dir, List<Workload.Batch> batches, int senders, int budget, ObjectNode settings) throws Exception {
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      Fake fake = s.fake(dir, cleanup, "--rate-limit-per-10s", String.valueOf(budget));
      List<DestinationServer> trio = new ArrayList<>();
      for (int i = 1; i <= 3; i++) trio.add(s.server(dir.resolve("server-" + i), fake, settings, mode("sync", null), cleanup));
      Driver d = new Driver(trio.stream().map(x -> x.baseUrl).toList(), DestinationServer.WRITE_KEY, 10_000, 300_000);
      d.run(Scenarios.fixed(batches), senders, 0);
      d.close();
      List<String> pending = new ArrayList<>();
      for (DestinationServer x : trio) {
        Scenarios.awaitQuiet(x, fake, 60_000);
        pending.add(x.status().path("pendingAssociations").asText());
      }
      return new Sync3(EndState.of(fake.state()), fake.stats().tooManyRequests(), String.join(" / ", pending));
    } finally {
      close(cleanup);
    }
  }

  private static int countCommon(EndState a, EndState b) {
    int n = 0;
    for (String x : b.associations) if (a.associations.contains(x)) n++;
    return n;
  }

  // ---------------------------------------------------------------- shared

  private record Reference(EndState state, Map<String, String> receipts, long pendingAssociations) {}

  /** A fault-free run of {@code batches} on a fresh fake and server: the end state and each message's receipt. */
  private Reference reference(Path dir, List<Workload.Batch> batches, int senders, ObjectNode server, Workload.Shape shape,
      List<String> fakeFlags, List<String> ids) throws Exception {
    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      Fake fake = s.fake(dir, cleanup, fakeFlags.toArray(String[]::new));
      DestinationServer srv = s.server(dir, fake, s.settings(x -> {}), server, cleanup);
      Driver d = new Driver(srv.baseUrl, 10_000, 300_000);
      d.run(Scenarios.fixed(batches), senders, 0);
      d.close();
      if (d.batchesAcked.sum() != batches.size()) {
        throw new IllegalStateException("the fault-free reference run did not get a 200 for every batch: " + d.errorSamples);
      }
      StringBuilder why = new StringBuilder();
      if (awaitDelivered(List.of(srv), fake, shape.events(), shape.messages() >= Workload.MESSAGES, 300_000, why) < 0) {
        throw new IllegalStateException("the fault-free reference run did not finish: " + why);
      }
      Scenarios.awaitQuiet(srv, fake, 60_000);
      return new Reference(EndState.of(fake.state()), ReceiptCheck.outcomes(srv.baseUrl, ids),
          srv.status().path("pendingAssociations").asLong());
    } finally {
      close(cleanup);
    }
  }

  /**
   * Waits until HubSpot has everything: on every server nothing in the durable log that is not final,
   * nothing queued or in flight, no pending association, and the fake holding {@code events} event
   * occurrences (in all its portals). Returns when (nanoTime) that was first seen, or -1 at the deadline (with the last state in
   * {@code why}). Polled every 50 ms: the figures it times are seconds long.
   */
  static long awaitDelivered(List<DestinationServer> servers, Fake fake, long events, long timeoutMs, StringBuilder why)
      throws Exception {
    return awaitDelivered(servers, "bench", fake, events, true, timeoutMs, why);
  }

  static long awaitDelivered(List<DestinationServer> servers, Fake fake, long events, boolean associationsToo, long timeoutMs,
      StringBuilder why) throws Exception {
    return awaitDelivered(servers, "bench", fake, events, associationsToo, timeoutMs, why);
  }

  /**
   * As above; with {@code associationsToo} false, pending associations are not waited for: a part of a
   * workload may hold groups whose user's identify is in the part not sent, and those wait for it.
   */
  static long awaitDelivered(List<DestinationServer> servers, String destination, Fake fake, long events, boolean associationsToo,
      long timeoutMs, StringBuilder why) throws Exception {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      long t = System.nanoTime();
      boolean done = true;
      List<String> states = new ArrayList<>();
      for (DestinationServer srv : servers) {
        JsonNode st = srv.statusOrNull(destination, java.time.Duration.ofSeconds(10));
        if (st == null) {
          done = false;
          states.add("no /status");
          continue;
        }
        long log = st.path("durableLog").path("pendingMessages").asLong(0);
        long queued = st.path("queuedOperations").asLong();
        long inFlight = st.path("inFlightCalls").asLong();
        long pending = st.path("pendingAssociations").asLong();
        if (log + queued + inFlight + (associationsToo ? pending : 0) > 0) done = false;
        states.add("log " + log + ", queued " + queued + ", in flight " + inFlight + ", pending associations " + pending);
      }
      long stored = fake.stats().eventsStored();
      if (stored < events) done = false;
      if (done) return t;
      last = String.join(" | ", states) + "; HubSpot holds " + stored + "/" + events + " events";
      Thread.sleep(50);
    }
    why.append(last);
    return -1;
  }

  /** HubSpot holds one record per contact, company, association and event of the workload, none twice. */
  private static boolean holds(EndState state, Workload.Shape shape) {
    return state.contacts.size() == shape.contacts() && state.companies.size() == shape.companies()
        && state.associations.size() == shape.associations() && state.events.size() == shape.events() && state.anomalies.isEmpty();
  }

  /** Messages whose receipt is not final, or not what the reference's says. */
  private static List<String> receiptDifferences(Map<String, String> got, Map<String, String> expected, String where) {
    List<String> out = new ArrayList<>();
    Map<String, String> sorted = new TreeMap<>(expected);
    for (var e : sorted.entrySet()) {
      String g = got.getOrDefault(e.getKey(), "(not asked)");
      if (!ReceiptCheck.isFinal(g)) out.add(e.getKey() + " " + g + " " + where);
      else if (!g.equals(e.getValue())) out.add(e.getKey() + " " + g + " " + where + ", reference " + e.getValue());
    }
    return out;
  }

  private void differences(Result r, List<String> diffs, String file) throws Exception {
    if (diffs.isEmpty()) return;
    Path f = o.out.resolve(file);
    Files.createDirectories(f.getParent());
    Files.write(f, diffs);
    r.note("differences (all in " + f + "):");
    for (String x : diffs.subList(0, Math.min(12, diffs.size()))) r.note("  " + x);
  }

  private static long max(long[] sorted) {
    return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
  }

  private static String at(long t0) {
    return "t=" + Scenarios.fmt((System.nanoTime() - t0) / 1e9) + "s";
  }

  private static void close(List<AutoCloseable> cleanup) {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      try {
        cleanup.get(i).close();
      } catch (Exception e) {
        // best effort
      }
    }
  }

  /** Between two runs of one scenario: the previous processes' exit and the driver's garbage settle. */
  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(3_000);
  }
}
