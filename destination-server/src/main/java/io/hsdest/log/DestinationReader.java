package io.hsdest.log;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one destination of the {@link EmbeddedLog} for its reader: on the reader's context it keeps
 * which entries are done; on the log's I/O thread it reads the next batch, as large as the flow
 * control allows (at most {@code maxNotDone} entries not done, and a window of at most
 * {@code 16 × maxNotDone} entries between the first not done and the last read).
 */
final class DestinationReader {
  private static final Logger LOG = LoggerFactory.getLogger(DestinationReader.class);
  private static final int MAX_BATCH_BYTES = 4 << 20;
  private static final long RETRY_READ_MS = 1_000;

  private final DestinationFiles files;
  private final Context context;
  private final LogReader reader;
  private final ScheduledExecutorService io;
  private final int maxNotDone;
  private final long maxSpan;
  private final ObjLongConsumer<DestinationFiles> commit;
  private final AtomicBoolean signalled = new AtomicBoolean();
  private DestinationFiles.Position position; // the I/O thread's while a read is out
  private DoneWindow window;
  private int notDone;
  private boolean reading;
  private boolean revoked;
  private volatile long committed;
  private volatile long oldestNotDoneAt = -1;
  private long lastTimeSeen = Long.MIN_VALUE;

  DestinationReader(DestinationFiles files, Context context, LogReader reader, ScheduledExecutorService io, int maxNotDone,
      ObjLongConsumer<DestinationFiles> commit) {
    this.files = files;
    this.context = context;
    this.reader = reader;
    this.io = io;
    this.maxNotDone = maxNotDone;
    this.maxSpan = Math.max(16L * maxNotDone, 4096);
    this.commit = commit;
    this.committed = files.cursor();
  }

  /** Finds the persisted cursor (I/O thread), then tells the reader the destination is read here. */
  void open() {
    reading = true;
    io.execute(() -> {
      try {
        DestinationFiles.Position p = files.start();
        context.runOnContext(v -> opened(p));
      } catch (IOException e) {
        LOG.error("log of destination {}: cannot find where reading resumes ({}); trying again", files.id, e.toString());
        io.schedule(this::open, RETRY_READ_MS, TimeUnit.MILLISECONDS);
      }
    });
  }

  private void opened(DestinationFiles.Position p) {
    position = p;
    window = new DoneWindow(p.seq);
    committed = p.seq;
    reading = false;
    if (revoked) return;
    reader.assigned(files.id);
    files.onDurable = this::signal;
    maybeRead();
  }

  /** From the writer thread: more is durable. Coalesced into one task on the context. */
  private void signal() {
    if (signalled.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        signalled.set(false);
        maybeRead();
      });
    }
  }

  private void maybeRead() {
    if (revoked || reading || window == null) return;
    long available = files.durableEnd() - window.next();
    if (available <= 0) return;
    long room = Math.min(maxNotDone - notDone, maxSpan - window.span());
    // wait for a quarter of the window to free up rather than read entry by entry
    if (room < Math.min(available, Math.max(1, maxNotDone / 4))) return;
    int max = (int) Math.min(room, available);
    reading = true;
    DestinationFiles.Position p = position;
    io.execute(() -> {
      try {
        List<Framing.Record> records = files.read(p, max, MAX_BATCH_BYTES);
        context.runOnContext(v -> read(records));
      } catch (IOException e) {
        LOG.error("log of destination {}: read failed ({}); trying again", files.id, e.toString());
        io.schedule(() -> context.runOnContext(v -> {
          reading = false;
          maybeRead();
        }), RETRY_READ_MS, TimeUnit.MILLISECONDS);
      }
    });
  }

  private void read(List<Framing.Record> records) {
    reading = false;
    if (revoked || records.isEmpty()) return;
    List<LogEntry> batch = new ArrayList<>(records.size());
    long seq = window.next();
    for (Framing.Record r : records) {
      window.add(seq, r.appendedAtMs());
      if (r.appendedAtMs() != lastTimeSeen) { // keeps the age of what is not done exact after a restart
        files.appendTimes.putIfAbsent(seq, r.appendedAtMs());
        lastTimeSeen = r.appendedAtMs();
      }
      batch.add(new Entry(r.payload(), seq, r.appendedAtMs(), this));
      seq++;
    }
    notDone += records.size();
    oldestNotDoneAt = window.oldestAppendedAtMs();
    reader.entries(files.id, batch);
    maybeRead();
  }

  private void done(long seq) {
    if (Vertx.currentContext() != context) { // the contract says the reader's context; be safe if not
      context.runOnContext(v -> done(seq));
      return;
    }
    if (revoked || !window.done(seq)) return;
    notDone--;
    long base = window.base();
    if (base > committed) {
      committed = base;
      commit.accept(files, base);
    }
    oldestNotDoneAt = window.oldestAppendedAtMs();
    maybeRead();
  }

  /** On the context: reading stops and done() is ignored from now on. */
  void revoke() {
    if (revoked) return;
    revoked = true;
    files.onDurable = () -> {};
    if (window != null) reader.revoked(files.id);
  }

  long committed() {
    return committed;
  }

  long oldestNotDoneAppendedAtMs() {
    return oldestNotDoneAt;
  }

  private record Entry(byte[] payload, long position, long appendedAtMs, DestinationReader owner) implements LogEntry {
    @Override
    public void done() {
      owner.done(position);
    }
  }
}
