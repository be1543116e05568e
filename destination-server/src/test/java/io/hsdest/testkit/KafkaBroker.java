package io.hsdest.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker for tests (KRaft, one node as broker and controller), from Maven
 * Central's {@code kafka_2.13}, in a child JVM: no Docker, its threads stay out of the test JVM, and
 * {@link #kill()} is a real {@code kill -9}. Free ports and a temporary directory; {@link #restart()}
 * keeps both, so clients reconnect to the same address and find their data. Settings are made for
 * fast tests: one replica, group rebalances without delay, sessions as short as 1 s allowed.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final long START_TIMEOUT_S = 90;

  private final Path dir;
  private final Path properties;
  private final String clusterId = Uuid.randomUuid().toString();
  private final int port;
  private final Deque<String> output = new ArrayDeque<>();
  private Process process;

  private KafkaBroker(Path dir, int port, int controllerPort, Map<String, String> extra) throws IOException {
    this.dir = dir;
    this.port = port;
    this.properties = dir.resolve("server.properties");
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("data").toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("group.min.session.timeout.ms", "1000");
    p.setProperty("log.cleaner.backoff.ms", "1000");
    // after a kill -9 the controller waits for the dead incarnation's session before the broker may register again
    p.setProperty("broker.session.timeout.ms", "2000");
    p.setProperty("broker.heartbeat.interval.ms", "500");
    extra.forEach(p::setProperty);
    try (Writer w = Files.newBufferedWriter(properties)) {
      p.store(w, "written by io.hsdest.testkit.KafkaBroker");
    }
  }

  private static KafkaBroker shared;

  /**
   * One broker for every test class of this JVM that only needs a broker (each uses its own topics
   * and groups), started on first use and killed when the JVM exits. A test that stops or restarts
   * it must start it again before it returns.
   */
  public static synchronized KafkaBroker shared() throws Exception {
    if (shared == null || !shared.running()) {
      if (shared == null) {
        shared = start();
        KafkaBroker b = shared;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            b.close();
          } catch (Exception ignored) {
            // the child halts by itself when our standard streams close
          }
        }));
      } else {
        shared.launch();
      }
    }
    return shared;
  }

  /** Starts a broker and waits until it serves (seconds). */
  public static KafkaBroker start() throws Exception {
    return start(Map.of());
  }

  /** Starts a broker with extra broker settings. */
  public static KafkaBroker start(Map<String, String> brokerSettings) throws Exception {
    KafkaBroker b = new KafkaBroker(Files.createTempDirectory("kafka-broker"), freePort(), freePort(), brokerSettings);
    b.launch();
    return b;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  private void launch() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("hsdest.kafkaLogLevel", "warn"), // info to see why a start is slow
        "-cp", System.getProperty("java.class.path"), KafkaBrokerMain.class.getName(), properties.toString(), clusterId));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile()).start();
    process = p;
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          synchronized (output) {
            output.addLast(l);
            if (output.size() > 2000) output.removeFirst();
          }
          if (l.equals("KAFKA READY")) ready.complete(null);
        }
      } catch (IOException ignored) {
        // the broker is gone
      }
      ready.completeExceptionally(new IllegalStateException("the Kafka broker stopped during start-up:\n" + output()));
    }, "kafka-broker-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("the Kafka broker did not start within " + START_TIMEOUT_S + " s:\n" + output(), e);
    }
  }

  /** The broker's last output lines (warnings and errors). */
  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** A clean stop (SIGTERM: controlled shutdown). */
  public void stop() throws InterruptedException {
    if (process == null) return;
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    process = null;
  }

  /** {@code kill -9}: no shutdown of any kind. */
  public void kill() throws InterruptedException {
    if (process == null) return;
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    process = null;
  }

  /** Starts again on the same ports and data (after {@link #stop()} or {@link #kill()}, or stops first). */
  public void restart() throws Exception {
    stop();
    launch();
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws Exception {
    kill();
    deleteTree(dir);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A unique name for a test's topic or group. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
