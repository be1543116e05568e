package io.hsdest.log;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process for {@link EmbeddedLogCrashTest}: appends from four threads as fast as the log
 * acknowledges, printing {@code ACK <entry>} for every entry acknowledged; its reader marks the
 * first 1,000 entries done, persists the cursor and prints {@code CURSOR 1000}. It runs until it is
 * killed (or its parent goes away: standard input closes).
 */
public final class EmbeddedLogWriterProcess {
  private EmbeddedLogWriterProcess() {}

  public static void main(String[] args) throws Exception {
    Thread parent = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing to read: standard input only tells us the parent is still there
        }
      } catch (java.io.IOException ignored) {
        // the parent went away
      }
      Runtime.getRuntime().halt(3);
    });
    parent.setDaemon(true);
    parent.start();
    Vertx vertx = Vertx.vertx();
    EmbeddedLog log = EmbeddedLog.open(vertx, new EmbeddedLogConfig(Path.of(args[0]), 1L << 30, 256 << 10, 100_000, 1_000),
        Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    Context ctx = vertx.getOrCreateContext();
    List<LogEntry> first = new ArrayList<>();
    log.start(ctx, new LogReader() {
      @Override
      public void assigned(String destinationId) {}

      @Override
      public void revoked(String destinationId) {}

      @Override
      public void entries(String destinationId, List<LogEntry> batch) {
        for (LogEntry e : batch) {
          if (first.size() < 1_000) first.add(e);
          if (first.size() == 1_000 && e == first.get(999)) {
            first.forEach(LogEntry::done);
            log.persistCursorsNow().onSuccess(v -> say("CURSOR 1000"));
          }
        }
      }
    });
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread w = new Thread(() -> {
        for (int i = 0; ; i++) {
          int n = 1 + i % 5;
          List<byte[]> entries = new ArrayList<>();
          for (int k = 0; k < n; k++) entries.add(("w" + thread + "-" + i + "-" + k + "-" + "x".repeat(200)).getBytes(StandardCharsets.UTF_8));
          try {
            log.append("acme", entries).await(30, TimeUnit.SECONDS);
          } catch (Exception e) {
            say("FAILED " + e);
            return;
          }
          StringBuilder b = new StringBuilder();
          for (int k = 0; k < n; k++) b.append("ACK w").append(thread).append('-').append(i).append('-').append(k).append('\n');
          say(b.toString().trim());
        }
      });
      w.start();
    }
  }

  private static synchronized void say(String lines) {
    System.out.println(lines);
    System.out.flush();
  }
}
