package io.hsdest.testkit;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * The child JVM of {@link KafkaBroker}: formats the storage on first start (KRaft), runs one
 * combined broker+controller, prints {@code KAFKA READY} once it serves, and stops cleanly on
 * SIGTERM. It halts when its parent goes away (standard input closes), so a dead test run leaves
 * no broker behind.
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    Thread parent = new Thread(() -> {
      try (InputStream in = System.in) {
        while (in.read() >= 0) {
          // standard input only tells us the parent is alive
        }
      } catch (java.io.IOException ignored) {
        // parent gone
      }
      Runtime.getRuntime().halt(3);
    }, "parent-watch");
    parent.setDaemon(true);
    parent.start();

    Path file = Path.of(args[0]);
    String clusterId = args[1];
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    }
    Path logDir = Path.of(props.getProperty("log.dirs"));
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      int rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", file.toString(), "--ignore-formatted"},
          System.out);
      if (rc != 0) throw new IllegalStateException("kafka-storage format failed: " + rc);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      server.awaitShutdown();
    }, "kafka-shutdown"));
    server.startup();
    System.out.println("KAFKA READY");
    System.out.flush();
    server.awaitShutdown();
  }
}
