package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Runs the fake as a process for a benchmark: {@code java -jar hubspot-fake/target/hubspot-fake.jar --port 8089}.
 * Prints exactly one line to stdout, the bound base URL, once it listens; everything else goes to stderr.
 * Exits 2 on a bad flag and 1 if it cannot start. Stops on SIGTERM/SIGINT (Vert.x closes itself on JVM exit).
 */
public final class FakeHubSpotMain {
  /** flag -> FakeConfig key (type taken from the config). */
  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("--rate-limit-per-10s", "rateLimitPer10s"),
      Map.entry("--daily-limit", "dailyLimit"),
      Map.entry("--search-per-second", "searchPerSecond"),
      Map.entry("--latency-ms", "latencyMs"),
      Map.entry("--jitter-ms", "jitterMs"),
      Map.entry("--error-rate", "errorRate"),
      Map.entry("--rate-429", "rate429"),
      Map.entry("--locked-rate", "lockedRate"),
      Map.entry("--migration-rate", "migrationRate"),
      Map.entry("--hang-rate", "hangRate"),
      Map.entry("--hang-delay-ms", "hangDelayMs"),
      Map.entry("--retry-after-429", "retryAfter429Seconds"),
      Map.entry("--seed", "seed"),
      Map.entry("--call-log", "callLogCapacity"),
      Map.entry("--max-events", "maxStoredEventOccurrences"),
      Map.entry("--email-offset-ttl-ms", "emailEventsOffsetTtlMs"));
  private static final Map<String, String> SWITCHES = Map.of(
      "--allow-lifecycle-backward", "allowLifecycleBackward",
      "--apply-writes-on-fault", "applyWritesOnFault",
      "--reject-duplicate-uuid", "rejectDuplicateEventUuid",
      "--outage", "outage");

  private FakeHubSpotMain() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      usage(null);
      return;
    }
    FakeHubSpot fake;
    try {
      fake = launch(args);
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      System.exit(2);
      return;
    } catch (IllegalStateException e) {
      System.err.println("hubspot-fake: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
      System.exit(1);
      return;
    }
    // No shutdown hook of ours: Vert.x closes itself (and the fake's server) when the JVM stops.
    System.out.println(fake.baseUrl());
    System.out.flush();
    System.err.println("hubspot-fake: token " + FakeHubSpot.DEFAULT_TOKEN + ", portal " + FakeHubSpot.DEFAULT_PORTAL_ID
        + ", config " + fake.config().toJson().encode());
  }

  /** Parses the flags and starts the fake; a bad flag throws IllegalArgumentException naming it. */
  static FakeHubSpot launch(String[] args) {
    String host = "127.0.0.1";
    int port = 0;
    JsonObject patch = new JsonObject();
    JsonObject defaults = FakeConfig.defaults().toJson();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (SWITCHES.containsKey(flag)) {
        patch.put(SWITCHES.get(flag), true);
        continue;
      }
      if (!flag.equals("--port") && !flag.equals("--host") && !FLAGS.containsKey(flag)) {
        throw new IllegalArgumentException("unknown flag " + flag);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      try {
        if (flag.equals("--port")) {
          port = Integer.parseInt(value);
        } else if (flag.equals("--host")) {
          host = value;
        } else {
          String key = FLAGS.get(flag);
          Object d = defaults.getValue(key);
          patch.put(key, d instanceof Double ? (Object) Double.parseDouble(value)
              : d instanceof Integer ? (Object) Integer.parseInt(value) : (Object) Long.parseLong(value));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " needs a number, got '" + value + "'");
      }
    }
    FakeConfig config = FakeConfig.defaults().with(patch);
    try {
      return FakeHubSpot.startAsync(null, host, port, config).toCompletionStage().toCompletableFuture()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start on " + host + ":" + port, e);
    }
  }

  private static void usage(String error) {
    if (error != null) {
      System.err.println("hubspot-fake: " + error);
    }
    System.err.println("usage: java -jar hubspot-fake.jar [--host 127.0.0.1] [--port 0] "
        + String.join(" ", FLAGS.keySet().stream().sorted().map(f -> "[" + f + " N]").toList()) + " "
        + String.join(" ", SWITCHES.keySet().stream().sorted().map(f -> "[" + f + "]").toList()));
  }
}
