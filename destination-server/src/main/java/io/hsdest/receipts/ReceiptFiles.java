package io.hsdest.receipts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts of one kind in files of their own (durable mode with the embedded log). Each receipt is
 * appended to the newest file, and a newer receipt of a message hides its older ones (removing one
 * appends a tombstone), so a write costs a copy into memory instead of a random-key write to the
 * store file (that write and its page rewrites took about a third of durable delivery's CPU).
 * Files are dropped whole, oldest first: once their last receipt is past the retention, or while
 * more receipts are kept than the bound (a file holds at most a tenth of it, so the bound is kept
 * to within a tenth). What is written survives the process being killed (the files are mapped: the
 * kernel has it); a full file is forced to disk in the background, the others on close. No file is
 * made, forced, unmapped or deleted on the caller's thread (an event loop at intake): the next file is
 * made ahead in the background. Lookups probe each file's index in memory, newest first, and read
 * only a receipt they find. Thread-safe.
 */
final class ReceiptFiles implements Shelf {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptFiles.class);
  /** 32 MB: about 100,000 receipts; a million take a dozen files. */
  static final int FILE_BYTES = 32 << 20;
  private static final byte[] TOMBSTONE = new byte[0];

  private final Path dir;
  private final int fileBytes;
  private final int receiptsPerFile;
  private final Executor background;
  /** Oldest first. */
  private final List<ReceiptFile> files = new ArrayList<>();
  private long receipts;
  /** The number of the next file (never one used before: a dropped file may still be being deleted). */
  private long nextNumber;
  /** The next file, made in the background while the newest fills, so that no writer waits for a file to be made. */
  private ReceiptFile spare;
  private boolean makingSpare;
  private boolean closed;

  private ReceiptFiles(Path dir, int fileBytes, long maxReceipts, Executor background) {
    this.dir = dir;
    this.fileBytes = fileBytes;
    this.receiptsPerFile = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxReceipts / 10));
    this.background = background;
  }

  /**
   * Opens (or creates) the receipt files in {@code dir}, reading each file's ids back into its index.
   * Blocking: call off the event loop.
   *
   * @param background where full files are forced and dropped ones deleted
   */
  static ReceiptFiles open(Path dir, int fileBytes, long maxReceipts, Executor background) throws IOException {
    Files.createDirectories(dir);
    ReceiptFiles r = new ReceiptFiles(dir, fileBytes, maxReceipts, background);
    List<Path> paths;
    try (Stream<Path> listed = Files.list(dir)) {
      paths = listed.filter(p -> p.getFileName().toString().matches("\\d{20}\\.receipts")).sorted().toList();
    }
    for (Path p : paths) {
      ReceiptFile f = ReceiptFile.open(p, Long.parseLong(p.getFileName().toString().substring(0, 20)));
      r.files.add(f);
      r.receipts += f.records;
      r.nextNumber = f.number + 1;
    }
    return r;
  }

  @Override
  public synchronized Receipt get(String messageId) {
    Newest n = newest(messageId);
    return n == null ? null : ReceiptCodec.read(n.file.json(n.at));
  }

  /** The record time: an accepted receipt is written when it says it was accepted. */
  @Override
  public synchronized long acceptedAtMs(String messageId) {
    Newest n = newest(messageId);
    return n == null ? -1 : n.file.writtenAt(n.at);
  }

  /** Where the message's newest receipt is. */
  private record Newest(ReceiptFile file, int at) {}

  /** The message's newest receipt, or null when it has none (or a tombstone hides it). */
  private Newest newest(String messageId) {
    byte[] id = messageId.getBytes(StandardCharsets.UTF_8);
    int hash = ReceiptFile.hash(id);
    for (int i = files.size() - 1; i >= 0; i--) {
      ReceiptFile f = files.get(i);
      int at = f.find(hash, id);
      if (at >= 0) return f.tombstone(at) ? null : new Newest(f, at);
    }
    return null;
  }

  @Override
  public synchronized void put(Receipt r, long nowMs) {
    append(r.messageId(), ReceiptCodec.bytes(r), nowMs);
  }

  @Override
  public synchronized void remove(String messageId, long nowMs) {
    if (newest(messageId) == null) return;
    append(messageId, TOMBSTONE, nowMs);
  }

  private void append(String messageId, byte[] json, long nowMs) {
    byte[] id = messageId.getBytes(StandardCharsets.UTF_8);
    ReceiptFile f = writable(id.length, json.length);
    f.append(ReceiptFile.hash(id), id, json, nowMs);
    receipts++;
    if (spare == null && !makingSpare && (f.records > receiptsPerFile * 3L / 4 || f.fill() > 0.75)) makeSpare();
  }

  /** The newest file when it has room; else the spare or a new one (the full one is forced to disk in the background). */
  private ReceiptFile writable(int idLength, int jsonLength) {
    ReceiptFile last = files.isEmpty() ? null : files.get(files.size() - 1);
    if (last != null && last.records < receiptsPerFile && last.fits(idLength, jsonLength)) return last;
    if (last != null) background.execute(last::force);
    ReceiptFile next = spare;
    spare = null;
    if (next == null || !next.fits(idLength, jsonLength)) {
      if (next != null) drop(next);
      try {
        // the spare was not ready (or the receipt is larger than a file): a few system calls here
        next = ReceiptFile.create(dir, nextNumber++, Math.max(fileBytes, ReceiptFile.recordBytes(idLength, jsonLength) + 8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a receipt file in " + dir, e);
      }
    }
    files.add(next);
    return next;
  }

  private void makeSpare() {
    makingSpare = true;
    long number = nextNumber++;
    background.execute(() -> {
      ReceiptFile made = null;
      try {
        made = ReceiptFile.create(dir, number, fileBytes);
      } catch (IOException e) {
        LOG.warn("making the next receipt file in {} failed (it is made when needed): {}", dir, e.toString());
      }
      synchronized (this) {
        makingSpare = false;
        if (closed && made != null) drop(made);
        else spare = made;
      }
    });
  }

  @Override
  public synchronized int sweep(long cutoffMs, long max) {
    int removed = 0;
    while (!files.isEmpty() && (files.get(0).lastWrittenMs < cutoffMs || receipts > max)) {
      ReceiptFile f = files.remove(0);
      receipts -= f.records;
      removed += f.records;
      drop(f);
    }
    return removed;
  }

  /** Unmaps and deletes a file no one reads any more (it left {@link #files} under this lock), in the background. */
  private void drop(ReceiptFile f) {
    background.execute(() -> {
      try {
        f.close(false);
        Files.deleteIfExists(f.path);
      } catch (IOException e) {
        LOG.warn("deleting the receipt file {} failed: {}", f.path, e.toString());
      }
    });
  }

  /** Receipts kept, counting each one written (a message retried has one per attempt until its file is dropped). */
  @Override
  public synchronized long size() {
    return receipts;
  }

  /** Forces and closes every file (a spare, empty, is deleted). Blocking. */
  @Override
  public synchronized void close() {
    closed = true;
    if (spare != null) drop(spare);
    spare = null;
    for (ReceiptFile f : files) {
      try {
        f.close(true);
      } catch (IOException e) {
        LOG.warn("closing the receipt file {} failed: {}", f.path, e.toString());
      }
    }
    files.clear();
  }
}
