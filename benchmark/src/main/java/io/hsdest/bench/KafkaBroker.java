package io.hsdest.bench;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real Apache Kafka broker (4.x, KRaft: one node as broker and controller) in its own JVM, run from
 * this benchmark's jar ({@code kafka_2.13} from Maven Central is shaded into it): no Docker, no
 * download at run time. Free ports, data under the scenario's directory, output in {@code kafka.log}.
 * One replica, so the servers' topics get replication 1; groups rebalance without the initial delay.
 */
final class KafkaBroker {
  final Proc proc;
  final String bootstrapServers;

  private KafkaBroker(Proc proc, String bootstrapServers) {
    this.proc = proc;
    this.bootstrapServers = bootstrapServers;
  }

  static KafkaBroker start(Path dir) throws Exception {
    int port = freePort();
    int controllerPort = freePort();
    Files.createDirectories(dir);
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("kafka-data").toString());
    p.setProperty("auto.create.topics.enable", "false"); // the servers create their topics, as in production
    // one broker: every internal topic with one replica
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    Path file = dir.resolve("kafka.properties");
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "the benchmark's Kafka broker");
    }
    String jar = Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx1g",
        "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", jar, KafkaBrokerMain.class.getName(),
        file.toString());
    Proc proc = Proc.start("kafka-broker", cmd, Map.of(), dir, dir.resolve("kafka.log"), KafkaBrokerMain.READY::equals);
    proc.awaitLine(120_000);
    return new KafkaBroker(proc, "127.0.0.1:" + port);
  }

  void stop() {
    proc.stop(30_000);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
