package io.hsdest.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * The broker process of {@link KafkaBroker}: {@code java -cp benchmark.jar io.hsdest.bench.KafkaBrokerMain
 * server.properties}. Formats its (empty) data directory for KRaft, runs Kafka's own entry point
 * ({@code kafka.Kafka}, one node that is both broker and controller, stopped cleanly by SIGTERM), and
 * prints {@code KAFKA READY} once the broker answers a client. When the benchmark dies, its end of our
 * standard input closes and the broker halts, so none is left behind.
 */
public final class KafkaBrokerMain {
  static final String READY = "KAFKA READY";

  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    Thread orphanGuard = new Thread(() -> {
      try (InputStream parent = System.in) {
        while (parent.read() >= 0) {
          // nothing is ever sent: end of input means the benchmark is gone
        }
      } catch (java.io.IOException gone) {
        // same
      }
      Runtime.getRuntime().halt(3);
    }, "orphan-guard");
    orphanGuard.setDaemon(true);
    orphanGuard.start();

    Path config = Path.of(args[0]);
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(config)) {
      props.load(in);
    }
    if (!Files.exists(Path.of(props.getProperty("log.dirs")).resolve("meta.properties"))) {
      int rc = kafka.tools.StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
          "--config", config.toString(), "--ignore-formatted"}, System.out);
      if (rc != 0) throw new IllegalStateException("formatting the KRaft storage failed (" + rc + ")");
    }
    String bootstrap = props.getProperty("advertised.listeners").replace("PLAINTEXT://", "");
    Thread ready = new Thread(() -> announceWhenServing(bootstrap), "ready-probe");
    ready.setDaemon(true);
    ready.start();
    kafka.Kafka.main(new String[] {config.toString()}); // returns when the broker has shut down
  }

  /** Prints {@link #READY} once the broker describes its cluster to a client. */
  private static void announceWhenServing(String bootstrap) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(5, java.util.concurrent.TimeUnit.SECONDS);
          System.out.println(READY);
          System.out.flush();
          return;
        } catch (Exception notYet) {
          Thread.sleep(Duration.ofMillis(200).toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
