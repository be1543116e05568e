package io.hsdest.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's log on disk: a directory of segment files named by their first sequence number,
 * and a {@code cursor} file holding the first sequence number not done. Three threads touch it, each
 * with its own part: the writer appends, forces and publishes what is durable; the reader reads up
 * to what is published; housekeeping persists the cursor and deletes segments wholly below it. The
 * segment list itself is guarded by {@code this}.
 */
final class DestinationFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DestinationFiles.class);
  private static final String CURSOR = "cursor";
  private static final int MIN_READ = 64 << 10;
  private static final int MAX_READ = 8 << 20;

  final String id;
  final Path dir;
  private final List<Segment> segments = new ArrayList<>();
  /** Sequence number of the next entry appended (writer thread). */
  private long end;
  /** Entries before it are forced and may be read. */
  private volatile long durableEnd;
  private final AtomicLong storedBytes = new AtomicLong();
  /** Segments rolled since the last publish (writer thread). */
  private final List<Segment> rolled = new ArrayList<>();
  /** Set after a failed force: the file may have lost data the kernel held, so nothing more is appended here. */
  volatile String broken;
  /** The persisted cursor (housekeeping thread). */
  private long cursor;
  /** Sequence number -> append time of the entries from it on: how old the oldest entry not done is. */
  final ConcurrentSkipListMap<Long, Long> appendTimes = new ConcurrentSkipListMap<>();
  /** Told (on the writer thread) when more entries became durable. */
  volatile Runnable onDurable = () -> {};

  private DestinationFiles(String id, Path dir) {
    this.id = id;
    this.dir = dir;
  }

  /** Creates an empty log for a destination. */
  static DestinationFiles create(Path dir, String id) throws IOException {
    Files.createDirectories(dir);
    DestinationFiles f = new DestinationFiles(id, dir);
    Segment s = Segment.open(dir, 0);
    f.segments.add(s);
    syncDirectory(dir);
    return f;
  }

  /**
   * Opens a destination's log after a stop or a crash: the last segment is checked record by record
   * and cut at the first torn or garbled one (never acknowledged: an append completes only after its
   * force); segments wholly below the cursor, left by a crash between cursor and deletion, are deleted.
   */
  static DestinationFiles recover(Path dir, String id) throws IOException {
    DestinationFiles f = new DestinationFiles(id, dir);
    List<Long> bases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.log"))
          .forEach(n -> bases.add(Long.parseLong(n.substring(0, 20))));
    }
    bases.sort(null);
    long cursor = readCursor(dir);
    while (bases.size() > 1 && bases.get(1) <= cursor) {
      Files.deleteIfExists(dir.resolve(Segment.fileName(bases.remove(0))));
    }
    if (bases.isEmpty()) bases.add(cursor);
    for (int i = 0; i < bases.size(); i++) {
      Segment s = Segment.open(dir, bases.get(i));
      f.segments.add(s);
      if (i < bases.size() - 1) {
        s.size = s.channel.size();
        s.count = bases.get(i + 1) - s.base;
        s.durableSize = s.size;
        s.sealed = true;
      } else {
        f.checkTail(s);
      }
      f.storedBytes.addAndGet(s.size);
    }
    Segment last = f.segments.get(f.segments.size() - 1);
    f.end = last.base + last.count;
    f.durableEnd = f.end;
    f.cursor = Math.max(f.segments.get(0).base, Math.min(cursor, f.end));
    return f;
  }

  /** Scans the last segment, cutting a torn tail. */
  private void checkTail(Segment s) throws IOException {
    long fileSize = s.channel.size();
    long valid = 0;
    long count = 0;
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(fileSize, MAX_READ));
    scan:
    while (valid < fileSize) {
      buf.clear().limit((int) Math.min(buf.capacity(), fileSize - valid));
      s.readFully(buf, valid);
      buf.flip();
      int parsed = 0;
      while (true) {
        Framing.Record r;
        try {
          r = Framing.read(buf);
        } catch (Framing.Corrupt e) {
          break scan;
        }
        if (r == null) break;
        valid += r.framedSize();
        count++;
        parsed++;
      }
      if (parsed == 0) {
        int size = Framing.recordSize(buf);
        if (size < 0 || valid + size > fileSize) break; // a header or record cut short
        buf = ByteBuffer.allocate(size); // one record larger than the buffer
      }
    }
    if (valid < fileSize) {
      LOG.warn("log of destination {}: cut {} bytes of a record torn by a crash at the end of {} (it was never acknowledged)",
          id, fileSize - valid, s.path.getFileName());
      s.channel.truncate(valid);
      s.channel.force(true);
    }
    s.size = valid;
    s.count = count;
    s.durableSize = valid;
  }

  private static long readCursor(Path dir) {
    Path file = dir.resolve(CURSOR);
    try {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
      if (b.remaining() != 12) return 0;
      long seq = b.getLong();
      return (int) crc(seq) == b.getInt() ? seq : 0;
    } catch (IOException e) {
      return 0; // no cursor yet: everything is read again, which is safe
    }
  }

  private static long crc(long seq) {
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update(ByteBuffer.allocate(8).putLong(seq).flip());
    return c.getValue();
  }

  // ---- writer thread ----

  long end() {
    return end;
  }

  long durableEnd() {
    return durableEnd;
  }

  long storedBytes() {
    return storedBytes.get();
  }

  /** What {@link #rollBack} returns to. */
  record Mark(Segment active, long size, long count, long end) {}

  synchronized Mark mark() {
    Segment a = active();
    return new Mark(a, a.size, a.count, end);
  }

  /** Writes entries at the end (not yet durable), starting a new segment when the active one is full. */
  void write(List<byte[]> entries, long appendedAtMs, long segmentBytes) throws IOException {
    ByteBuffer records = Framing.frame(entries, appendedAtMs);
    Segment a = activeLocked();
    if (a.size > 0 && a.size + records.remaining() > segmentBytes) a = roll(a);
    long before = a.size;
    a.write(records);
    storedBytes.addAndGet(a.size - before);
    a.count += entries.size();
    appendTimes.put(end, appendedAtMs);
    end += entries.size();
  }

  private Segment roll(Segment full) throws IOException {
    full.channel.force(false);
    Segment next = Segment.open(dir, end);
    syncDirectory(dir);
    synchronized (this) {
      segments.add(next);
    }
    rolled.add(full);
    return next;
  }

  /** Undoes the writes after a mark (a failed append): the file is cut back so no garbage sits before later records. */
  void rollBack(Mark m) throws IOException {
    Segment a = activeLocked();
    if (a != m.active()) { // the failed append had started a new segment: it holds nothing, remove it
      synchronized (this) {
        segments.remove(segments.size() - 1);
      }
      storedBytes.addAndGet(-a.size);
      a.close();
      Files.deleteIfExists(a.path);
      rolled.remove(m.active());
      a = m.active();
    }
    a.channel.truncate(m.size()); // also when the failed write left part of its bytes behind
    storedBytes.addAndGet(m.size() - a.size);
    a.size = m.size();
    a.count = m.count();
    appendTimes.tailMap(m.end()).clear();
    end = m.end();
  }

  /** Forces what was written since the last publish. */
  void force() throws IOException {
    activeLocked().channel.force(false);
  }

  /** Makes what is forced readable. */
  void publish() {
    for (Segment s : rolled) {
      s.durableSize = s.size;
      s.sealed = true;
    }
    rolled.clear();
    Segment a = activeLocked();
    a.durableSize = a.size;
    durableEnd = end;
  }

  private synchronized Segment activeLocked() {
    return active();
  }

  private Segment active() {
    return segments.get(segments.size() - 1);
  }

  // ---- reader thread ----

  /** Where the reader is: the segment, the byte offset in it, and the sequence number there. */
  static final class Position {
    Segment segment;
    long offset;
    long seq;

    Position(Segment segment, long offset, long seq) {
      this.segment = segment;
      this.offset = offset;
      this.seq = seq;
    }
  }

  /** The position of the persisted cursor: where reading starts after opening. */
  Position start() throws IOException {
    Segment s;
    synchronized (this) {
      s = segments.get(0);
      for (Segment c : segments) if (c.base <= cursor) s = c;
    }
    Position p = new Position(s, 0, s.base);
    while (p.seq < cursor) {
      List<Framing.Record> skipped = read(p, (int) Math.min(Integer.MAX_VALUE, cursor - p.seq), MAX_READ);
      if (skipped.isEmpty()) break;
    }
    Long at = p.seq < durableEnd ? peekTime(p) : null;
    if (at != null) appendTimes.put(p.seq, at);
    return p;
  }

  private Long peekTime(Position p) throws IOException {
    Position copy = new Position(p.segment, p.offset, p.seq);
    List<Framing.Record> one = read(copy, 1, Framing.HEADER);
    return one.isEmpty() ? null : one.get(0).appendedAtMs();
  }

  /** Reads up to {@code maxEntries} durable entries (about {@code maxBytes}) from {@code p}, moving it past them. */
  List<Framing.Record> read(Position p, int maxEntries, int maxBytes) throws IOException {
    List<Framing.Record> out = new ArrayList<>();
    long bytes = 0;
    while (out.size() < maxEntries && bytes < maxBytes) {
      Segment s = p.segment;
      long readable = s.durableSize;
      if (p.offset >= readable) {
        if (!s.sealed) break;
        Segment next = following(s);
        if (next == null) break;
        p.segment = next;
        p.offset = 0;
        continue;
      }
      int want = (int) Math.min(readable - p.offset, Math.min(MAX_READ, Math.max(MIN_READ, maxBytes - bytes)));
      ByteBuffer buf = ByteBuffer.allocate(want);
      s.readFully(buf, p.offset);
      buf.flip();
      int parsed = 0;
      while (out.size() < maxEntries) {
        Framing.Record r;
        try {
          r = Framing.read(buf);
        } catch (Framing.Corrupt e) {
          throw new IOException("log of destination " + id + ": corrupt record at byte " + (p.offset) + " of " + s.path.getFileName());
        }
        if (r == null) break;
        out.add(r);
        parsed++;
        bytes += r.framedSize();
        p.offset += r.framedSize();
        p.seq++;
      }
      if (parsed == 0 && out.size() < maxEntries) {
        int size = Framing.recordSize(buf);
        if (size < 0 || p.offset + size > readable) throw new IOException("log of destination " + id + ": bad record length at " + p.offset);
        ByteBuffer one = ByteBuffer.allocate(size);
        s.readFully(one, p.offset);
        Framing.Record r = Framing.read(one.flip());
        out.add(r);
        bytes += size;
        p.offset += size;
        p.seq++;
      }
    }
    return out;
  }

  private synchronized Segment following(Segment s) {
    int i = segments.indexOf(s);
    return i >= 0 && i + 1 < segments.size() ? segments.get(i + 1) : null;
  }

  // ---- housekeeping thread ----

  /** The persisted cursor (entries before it are done). */
  long cursor() {
    return cursor;
  }

  /** Persists the cursor (write, force, atomic rename), then deletes the segments wholly below it. */
  void persistCursor(long seq) throws IOException {
    if (seq <= cursor) return;
    Path tmp = dir.resolve(CURSOR + ".tmp");
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.allocate(12).putLong(seq).putInt((int) crc(seq)).flip();
      while (b.hasRemaining()) c.write(b);
      c.force(true);
    }
    Files.move(tmp, dir.resolve(CURSOR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    cursor = seq;
    List<Segment> obsolete = new ArrayList<>();
    synchronized (this) {
      while (segments.size() > 1 && segments.get(1).base <= seq && segments.get(0).sealed) obsolete.add(segments.remove(0));
    }
    for (Segment s : obsolete) {
      s.close();
      Files.deleteIfExists(s.path);
      storedBytes.addAndGet(-s.durableSize);
    }
    Map.Entry<Long, Long> floor = appendTimes.floorEntry(seq);
    if (floor != null) appendTimes.headMap(floor.getKey()).clear();
  }

  /** The first sequence number still on disk. */
  synchronized long firstSeq() {
    return segments.get(0).base;
  }

  /** Segment files on disk (for tests and stats). */
  synchronized int segmentCount() {
    return segments.size();
  }

  void close() {
    synchronized (this) {
      for (Segment s : segments) s.close();
    }
  }

  /** Makes a new file's name durable: fsync of the directory (Linux; elsewhere a no-op). */
  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can open a directory; the file's own force still holds its bytes
    }
  }
}
