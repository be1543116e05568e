package io.hsdest.log;

import io.hsdest.config.KafkaSettings;
import io.hsdest.testkit.KafkaBroker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (no *Test name): append throughput and latency of each log on this machine,
 * printed. Run with {@code -Dtest=LogThroughputMeasurement}. Closed loop: {@code senders} appenders
 * on one event loop, each appending as soon as its previous append is acknowledged.
 */
class LogThroughputMeasurement {
  private static final byte[] MESSAGE = new byte[500];

  @Test
  void measure() throws Exception {
    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("log-throughput");
    EmbeddedLog embedded = EmbeddedLog.open(vertx, EmbeddedLogConfig.defaults(dir), Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    run(vertx, "embedded", embedded, 1, 1, 2_000);
    run(vertx, "embedded", embedded, 16, 1, 20_000);
    run(vertx, "embedded", embedded, 4, 100, 100_000);
    embedded.close().await(30, TimeUnit.SECONDS);
    try (KafkaBroker broker = KafkaBroker.start()) {
      KafkaSettings s = KafkaSettings.defaults(broker.bootstrapServers()).withPartitions(4);
      KafkaLog kafka = KafkaLog.open(vertx, s, 10_000, 86_400_000L, List.of(), Future::succeededFuture, Clock.systemUTC(), "m")
          .await(60, TimeUnit.SECONDS);
      run(vertx, "kafka", kafka, 1, 1, 500); // warm-up
      run(vertx, "kafka", kafka, 1, 1, 2_000);
      run(vertx, "kafka", kafka, 16, 1, 20_000);
      run(vertx, "kafka", kafka, 4, 100, 100_000);
      kafka.close().await(30, TimeUnit.SECONDS);
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static void run(Vertx vertx, String name, MessageLog log, int senders, int perAppend, int total) throws Exception {
    Context ctx = vertx.getOrCreateContext();
    List<byte[]> batch = new ArrayList<>();
    for (int i = 0; i < perAppend; i++) batch.add(MESSAGE);
    int appends = total / perAppend;
    long[] latencies = new long[appends];
    int[] started = {0};
    int[] finished = {0};
    Promise<Void> done = Promise.promise();
    long t0 = System.nanoTime();
    ctx.runOnContext(v -> {
      for (int s = 0; s < senders; s++) next(log, batch, latencies, started, finished, appends, done);
    });
    done.future().await(300, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Arrays.sort(latencies);
    System.out.printf("LOG THROUGHPUT %s: %d senders x %d entries per append: %.0f entries/s, append latency p50 %.2f ms, p99 %.2f ms%n",
        name, senders, perAppend, total / seconds, latencies[appends / 2] / 1e6, latencies[(int) (appends * 0.99)] / 1e6);
  }

  private static void next(MessageLog log, List<byte[]> batch, long[] latencies, int[] started, int[] finished, int appends,
      Promise<Void> done) {
    if (started[0] >= appends) return;
    int i = started[0]++;
    long t = System.nanoTime();
    log.append("acme", batch).onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
        return;
      }
      latencies[i] = System.nanoTime() - t;
      if (++finished[0] == appends) done.tryComplete();
      else next(log, batch, latencies, started, finished, appends, done);
    });
  }
}
