package io.hsdest.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@code benchmark/run}. */
final class Options {
  /** What {@code all} runs: the delivery scenarios of issue 3. */
  static final List<String> SCENARIOS = List.of("standard", "throughput", "overload", "faults", "kill");
  /** What {@code durable} runs: the durable-delivery scenarios of issue 12. */
  static final List<String> DURABLE = DurableScenarios.NAMES;

  Path repo = Path.of("").toAbsolutePath();
  Path out;
  List<String> scenarios = new ArrayList<>();
  long seed = 42;
  int batchSize = 50;
  Integer senders;
  Integer durationS;
  Integer warmupS;
  int latencyMs = 0;
  Double offeredRate;
  int outageS = 15;
  boolean applyWritesOnFault = true;
  int retryAfter429 = 1;
  List<String> serverJvm = new ArrayList<>();
  String fakeHeap = "3g";
  ObjectNode settings = Workload.JSON.createObjectNode();
  ObjectNode server = Workload.JSON.createObjectNode();

  static final String USAGE = """
      usage: benchmark/run [scenario...] [options]
        scenarios: standard throughput overload faults kill, or all (the default: all five in sequence);
                   durable-throughput durable-standard durable-kill kafka-three, or durable (those four)
        --seed N                workload seed (42)
        --batch N               messages per request (50)
        --senders N             concurrent senders (standard/faults/kill and the durable ones 4, durable-standard
                                always 1, throughput 128, overload 2000 outstanding)
        --duration S            throughput and overload run time in seconds (100 / 60)
        --warmup S              seconds left out of throughput/overload figures (60 / 10): the server's JIT
                                compiles for about a minute on 2 shared cores; throughput measures after it
        --latency-ms N          fake latency for standard (0)
        --offered-rate N        overload: messages per second offered (10x what the budget carries)
        --outage S              faults/kill: outage length (15)
        --no-apply-writes       faults/kill: injected 5xx/hangs happen before the write (default: write applied, answer lost)
        --retry-after-429 S     faults/kill: Retry-After on the fake's random 429s (1; 0 = none, the server then pauses 10 s each)
        --setting k=JSON        extra destination setting, e.g. --setting maxBatchDelayMs=200 (repeatable)
        --server k=JSON         extra server setting, e.g. --server requestTimeoutMs=8000 (repeatable)
        --server-jvm OPTS       JVM options for the server process, e.g. "-Xmx512m"
        --fake-heap SIZE        fake -Xmx (3g)
        --out DIR               where logs and results go (benchmark/target/runs/<time>)
        --repo DIR              repository root (the current directory)
      """;

  static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-h", "--help" -> throw new IllegalArgumentException("");
        case "--seed" -> o.seed = Long.parseLong(args[++i]);
        case "--batch" -> o.batchSize = Integer.parseInt(args[++i]);
        case "--senders" -> o.senders = Integer.parseInt(args[++i]);
        case "--duration" -> o.durationS = Integer.parseInt(args[++i]);
        case "--warmup" -> o.warmupS = Integer.parseInt(args[++i]);
        case "--latency-ms" -> o.latencyMs = Integer.parseInt(args[++i]);
        case "--offered-rate" -> o.offeredRate = Double.parseDouble(args[++i]);
        case "--outage" -> o.outageS = Integer.parseInt(args[++i]);
        case "--no-apply-writes" -> o.applyWritesOnFault = false;
        case "--retry-after-429" -> o.retryAfter429 = Integer.parseInt(args[++i]);
        case "--setting" -> put(o.settings, args[++i]);
        case "--server" -> put(o.server, args[++i]);
        case "--server-jvm" -> o.serverJvm.addAll(List.of(args[++i].trim().split("\\s+")));
        case "--fake-heap" -> o.fakeHeap = args[++i];
        case "--out" -> o.out = Path.of(args[++i]).toAbsolutePath();
        case "--repo" -> o.repo = Path.of(args[++i]).toAbsolutePath();
        case "all" -> o.scenarios.addAll(SCENARIOS);
        case "durable" -> o.scenarios.addAll(DURABLE);
        default -> {
          if (!SCENARIOS.contains(a) && !DURABLE.contains(a)) throw new IllegalArgumentException("unknown scenario or option: " + a);
          o.scenarios.add(a);
        }
      }
    }
    if (o.scenarios.isEmpty()) o.scenarios.addAll(SCENARIOS);
    o.serverJvm.removeIf(String::isBlank);
    if (o.out == null) {
      o.out = o.repo.resolve("benchmark/target/runs")
          .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
    return o;
  }

  private static void put(ObjectNode into, String kv) {
    int eq = kv.indexOf('=');
    if (eq <= 0) throw new IllegalArgumentException("expected key=JSON, got " + kv);
    String value = kv.substring(eq + 1);
    try {
      into.set(kv.substring(0, eq), Workload.JSON.readTree(value));
    } catch (Exception e) {
      into.put(kv.substring(0, eq), value);
    }
  }
}
