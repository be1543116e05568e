package io.hsdest.log;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable log on this machine's disk ({@code server.delivery.log = embedded}): one directory of
 * segment files per destination under {@link EmbeddedLogConfig#directory()}, so a destination that
 * is stuck never holds up another.
 *
 * <p>Threads: appends from any thread are queued to one writer thread, which writes every queued
 * append, forces each file it touched once, and only then completes the appends (group commit: many
 * concurrent appends share one force). One I/O thread reads entries for the readers (large batches,
 * from where the last read stopped) and persists each destination's cursor, at most every
 * {@link #CURSOR_INTERVAL_MS}, deleting segments wholly below it. Readers run on the context given
 * to {@link #start}. A {@code kill -9} loses nothing acknowledged (the tail torn by it is cut on
 * recovery), and reads again at most the entries done since the last persisted cursor.
 */
public final class EmbeddedLog implements MessageLog {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLog.class);
  /** Destination ids as the config schema allows them; they name directories. */
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  static final long CURSOR_INTERVAL_MS = 200;

  private final Vertx vertx;
  private final EmbeddedLogConfig config;
  private final Clock clock;
  private final Map<String, DestinationFiles> files = new ConcurrentHashMap<>();
  private final Map<String, DestinationReader> readers = new ConcurrentHashMap<>();
  private final ArrayDeque<Append> queue = new ArrayDeque<>();
  private final Thread writer;
  private final ScheduledExecutorService io;
  private final Map<DestinationFiles, Long> cursorsWanted = new ConcurrentHashMap<>();
  private volatile Context readerContext;
  private volatile LogReader reader;
  private boolean closing; // guarded by queue

  private EmbeddedLog(Vertx vertx, EmbeddedLogConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.writer = new Thread(this::writeLoop, "embedded-log-writer");
    this.writer.setDaemon(true);
    ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "embedded-log-io");
      t.setDaemon(true);
      return t;
    });
    exec.setRemoveOnCancelPolicy(true);
    this.io = exec;
  }

  /** Opens the log, recovering every destination's files found in the directory (on a worker thread). */
  public static Future<EmbeddedLog> open(Vertx vertx, EmbeddedLogConfig config, Clock clock) {
    return vertx.executeBlocking(() -> {
      EmbeddedLog log = new EmbeddedLog(vertx, config, clock);
      Files.createDirectories(config.directory());
      try (Stream<Path> dirs = Files.list(config.directory())) {
        for (Path d : dirs.filter(Files::isDirectory).toList()) {
          String id = d.getFileName().toString();
          if (ID.matcher(id).matches()) log.files.put(id, DestinationFiles.recover(d, id));
        }
      }
      log.writer.start();
      return log;
    }, false);
  }

  @Override
  public Future<Void> append(String destinationId, List<byte[]> entries) {
    if (!ID.matcher(destinationId).matches()) throw new IllegalArgumentException("not a destination id: " + destinationId);
    if (entries.isEmpty()) return Future.succeededFuture();
    Promise<Void> promise = Promise.promise();
    Append a = new Append(destinationId, List.copyOf(entries), Framing.framedSize(entries), promise, Vertx.currentContext());
    synchronized (queue) {
      if (closing) return Future.failedFuture(new LogUnavailable("the server is shutting down", config.retryAfterMs()));
      queue.add(a);
      if (queue.size() == 1) queue.notifyAll();
    }
    return promise.future();
  }

  private record Append(String destinationId, List<byte[]> entries, long bytes, Promise<Void> promise, Context context) {
    void complete(Throwable failure) {
      Runnable r = failure == null ? promise::complete : () -> promise.fail(failure);
      if (context != null) context.runOnContext(v -> r.run());
      else r.run();
    }
  }

  private void writeLoop() {
    while (true) {
      List<Append> batch;
      synchronized (queue) {
        while (queue.isEmpty() && !closing) {
          try {
            queue.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (queue.isEmpty()) return; // closing, and everything queued is written
        batch = new ArrayList<>(queue);
        queue.clear();
      }
      write(batch);
    }
  }

  /** One group commit: write every append, force each file touched once, then answer. */
  private void write(List<Append> batch) {
    long now = clock.millis();
    Map<DestinationFiles, List<Append>> written = new LinkedHashMap<>();
    for (Append a : batch) {
      DestinationFiles f;
      try {
        f = filesFor(a.destinationId());
      } catch (IOException e) {
        a.complete(unavailable("cannot create the log of destination " + a.destinationId(), e));
        continue;
      }
      if (f.broken != null) {
        a.complete(new LogUnavailable(f.broken, config.retryAfterMs()));
        continue;
      }
      if (f.storedBytes() + a.bytes() > config.maxBytesPerDestination()) {
        a.complete(new LogUnavailable("the durable log of destination " + a.destinationId() + " is full ("
            + (f.storedBytes() >> 20) + " MB of " + (config.maxBytesPerDestination() >> 20)
            + " MB, server.delivery.logMaxMegabytesPerDestination): delivery to HubSpot is behind", config.retryAfterMs()));
        continue;
      }
      DestinationFiles.Mark mark = f.mark();
      try {
        f.write(a.entries(), now, config.segmentBytes());
        written.computeIfAbsent(f, k -> new ArrayList<>()).add(a);
      } catch (IOException e) {
        a.complete(unavailable("cannot write the log of destination " + a.destinationId(), e));
        try {
          f.rollBack(mark);
        } catch (IOException e2) {
          f.broken = "the log of destination " + a.destinationId() + " could not be repaired after a write error; restart the server";
          LOG.error("{}: {}", f.broken, e2.toString());
        }
      }
    }
    for (var e : written.entrySet()) {
      DestinationFiles f = e.getKey();
      try {
        f.force();
        f.publish();
        for (Append a : e.getValue()) a.complete(null);
        f.onDurable.run();
      } catch (IOException ex) {
        // after a failed fsync the kernel may have dropped what it held: write nothing more here
        f.broken = "the disk refused to make the log of destination " + f.id + " durable; restart the server";
        LOG.error("{}: {}", f.broken, ex.toString());
        for (Append a : e.getValue()) a.complete(unavailable(f.broken, ex));
      }
    }
  }

  private LogUnavailable unavailable(String what, IOException e) {
    LOG.warn("{}: {}", what, e.toString());
    return new LogUnavailable(what + " (" + e.getClass().getSimpleName() + ")", config.retryAfterMs(), e);
  }

  private DestinationFiles filesFor(String id) throws IOException {
    DestinationFiles f = files.get(id);
    if (f != null) return f;
    f = DestinationFiles.create(config.directory().resolve(id), id);
    files.put(id, f);
    Context ctx = readerContext;
    if (ctx != null) {
      DestinationFiles created = f;
      ctx.runOnContext(v -> attach(created));
    }
    return f;
  }

  @Override
  public void start(Context context, LogReader reader) {
    if (readerContext != null) throw new IllegalStateException("the log is read already");
    this.reader = reader;
    this.readerContext = context;
    context.runOnContext(v -> files.values().forEach(this::attach));
  }

  /** On the reader's context: starts reading a destination (once). */
  private void attach(DestinationFiles f) {
    if (readers.containsKey(f.id)) return;
    DestinationReader r = new DestinationReader(f, readerContext, reader, io, config.maxNotDonePerDestination(), this::commitLater);
    readers.put(f.id, r);
    r.open();
  }

  /** Persists a destination's cursor soon; many commits in a short time become one write. */
  private void commitLater(DestinationFiles f, long seq) {
    if (cursorsWanted.put(f, seq) == null) io.schedule(() -> persistCursor(f), CURSOR_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  private void persistCursor(DestinationFiles f) {
    Long seq = cursorsWanted.remove(f);
    if (seq == null) return;
    try {
      f.persistCursor(seq);
    } catch (IOException e) {
      LOG.warn("log of destination {}: cannot persist the cursor ({}); entries done since are read again after a restart", f.id, e.toString());
    }
  }

  @Override
  public Map<String, LogStats> stats() {
    Map<String, LogStats> out = new LinkedHashMap<>();
    long now = clock.millis();
    for (DestinationFiles f : files.values()) {
      DestinationReader r = readers.get(f.id);
      long committed = r != null ? r.committed() : f.cursor();
      long end = f.durableEnd();
      long age = 0;
      if (committed < end) {
        long at = r != null ? r.oldestNotDoneAppendedAtMs() : -1;
        if (at < 0) {
          Map.Entry<Long, Long> mark = f.appendTimes.floorEntry(committed);
          at = mark != null ? mark.getValue() : now;
        }
        age = Math.max(0, now - at);
      }
      out.put(f.id, new LogStats(end - committed, age, end - f.firstSeq(), f.storedBytes()));
    }
    return out;
  }

  /** Persists every cursor now instead of within {@link #CURSOR_INTERVAL_MS} (tests). */
  Future<Void> persistCursorsNow() {
    Promise<Void> done = Promise.promise();
    io.execute(() -> {
      files.values().forEach(this::persistCursor);
      done.complete();
    });
    return done.future();
  }

  /** Segment files a destination holds now (tests). */
  int segmentCount(String destinationId) {
    DestinationFiles f = files.get(destinationId);
    return f == null ? 0 : f.segmentCount();
  }

  @Override
  public Future<Void> close() {
    synchronized (queue) {
      closing = true;
      queue.notifyAll();
    }
    List<Future<Void>> revoked = new ArrayList<>();
    Context ctx = readerContext;
    if (ctx != null) {
      Promise<Void> p = Promise.promise();
      ctx.runOnContext(v -> {
        readers.values().forEach(DestinationReader::revoke);
        p.complete();
      });
      revoked.add(p.future());
    }
    return Future.all(revoked).compose(v -> vertx.executeBlocking(() -> {
      writer.join(); // appends queued before close are written and answered
      io.submit(() -> {
        for (DestinationFiles f : files.values()) persistCursor(f);
      }).get();
      io.shutdown();
      io.awaitTermination(10, TimeUnit.SECONDS);
      files.values().forEach(DestinationFiles::close);
      return null;
    }, false));
  }
}
