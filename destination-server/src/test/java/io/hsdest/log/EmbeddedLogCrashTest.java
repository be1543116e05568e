package io.hsdest.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process appending to the embedded log as fast as it can: after a restart,
 * every acknowledged entry is read (nothing lost), in each writer's order, exactly once, starting
 * at the persisted cursor (what was done before it is not read again).
 */
class EmbeddedLogCrashTest {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedEntrySurvivesKillDashNine() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), EmbeddedLogWriterProcess.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    Set<String> acked = new LinkedHashSet<>();
    CompletableFuture<Void> enough = new CompletableFuture<>();
    List<String> other = new ArrayList<>();
    Thread lines = new Thread(() -> {
      boolean cursor = false;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          if (l.startsWith("ACK ")) {
            synchronized (acked) {
              acked.add(l.substring(4));
              if (cursor && acked.size() >= 5_000) enough.complete(null);
            }
          } else if (l.equals("CURSOR 1000")) {
            cursor = true;
          } else if (other.size() < 50) {
            other.add(l);
          }
        }
      } catch (java.io.IOException ignored) {
        // the child is gone
      }
      enough.completeExceptionally(new AssertionError("the child stopped early: " + other));
    });
    lines.setDaemon(true);
    lines.start();
    try {
      enough.get(120, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly(); // SIGKILL, in the middle of appends
      child.waitFor(30, TimeUnit.SECONDS);
    }
    lines.join(10_000);
    Set<String> ackedNow;
    synchronized (acked) {
      ackedNow = new HashSet<>(acked);
    }

    Vertx vertx = Vertx.vertx();
    try {
      EmbeddedLog log = EmbeddedLog.open(vertx, new EmbeddedLogConfig(dir, 1L << 30, 256 << 10, 1_000_000, 1_000),
          Clock.systemUTC()).await(30, TimeUnit.SECONDS);
      long stored = log.stats().get("acme").notDone();
      RecordingReader reader = new RecordingReader(false);
      log.start(vertx.getOrCreateContext(), reader);
      reader.awaitCount("acme", (int) stored, 60);
      List<LogEntry> read = reader.entries("acme");
      assertThat(read.get(0).position()).as("reading resumes at the persisted cursor").isEqualTo(1_000);
      List<String> ids = new ArrayList<>();
      for (LogEntry e : read) {
        String s = new String(e.payload(), StandardCharsets.UTF_8);
        ids.add(s.substring(0, s.lastIndexOf('-')));
      }
      assertThat(new HashSet<>(ids)).as("no entry twice").hasSize(ids.size());
      Set<String> all = new HashSet<>(ids);
      // positions 0..999 were done and are not read again; they were acknowledged long before the kill
      List<String> notReadAgain = ackedNow.stream().filter(a -> !all.contains(a)).toList();
      assertThat(notReadAgain).as("acknowledged entries not read again: the 1,000 done, none lost").hasSize(1_000);
      for (int t = 0; t < 4; t++) {
        String prefix = "w" + t + "-";
        List<String> mine = ids.stream().filter(s -> s.startsWith(prefix)).toList();
        for (int i = 1; i < mine.size(); i++) assertThat(order(mine.get(i))).isGreaterThan(order(mine.get(i - 1)));
      }
      log.close().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** An entry's place in its writer's order: append number, then place in the append. */
  private static long order(String id) {
    String[] p = id.split("-");
    return Long.parseLong(p[1]) * 10 + Long.parseLong(p[2]);
  }
}
