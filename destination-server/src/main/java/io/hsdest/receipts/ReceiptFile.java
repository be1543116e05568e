package io.hsdest.receipts;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One file of {@link ReceiptFiles}: receipts appended one after another into a memory-mapped file of
 * a fixed size, and an index in memory from each messageId's hash to where its newest receipt is.
 * A record is {@code length (4) | crc32c (4) | writtenAtMs (8) | id length (2) | id | receipt JSON};
 * an empty JSON is a tombstone, a length of 0 is the end. Not thread-safe: its owner locks.
 */
final class ReceiptFile {
  private static final int HEADER = 8;
  private static final int MIN_REST = 10;

  final long number;
  final Path path;
  private final FileChannel channel;
  private MappedByteBuffer map;
  /** Bytes written. */
  private int size;
  int records;
  long lastWrittenMs = Long.MIN_VALUE;
  /**
   * Open addressing: a slot holds a 32-bit hash of an id (0 = empty) and the offset of the newest record of that id
   * (8 bytes a slot, at most 60% of slots used, doubling when full: 13-27 bytes a receipt); ids whose hashes collide
   * are told apart by the id in the record.
   */
  private int[] hashes = new int[1024];
  private int[] offsets = new int[1024];
  private int used;
  private boolean closed;

  private ReceiptFile(long number, Path path, FileChannel channel, MappedByteBuffer map) {
    this.number = number;
    this.path = path;
    this.channel = channel;
    this.map = map;
  }

  static String fileName(long number) {
    return String.format("%020d.receipts", number);
  }

  /** A new, empty file of {@code bytes} (sparse: disk is used as it is written). Blocking. */
  static ReceiptFile create(Path dir, long number, int bytes) throws IOException {
    Path path = dir.resolve(fileName(number));
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new ReceiptFile(number, path, ch, ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes));
  }

  /**
   * Opens a file written before a stop or a crash and indexes its records. A record cut short or
   * garbled (a crash while writing it) ends the file: it and whatever follows are zeroed, so that
   * appending resumes there. Blocking.
   */
  static ReceiptFile open(Path path, long number) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ReceiptFile f = new ReceiptFile(number, path, ch, ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size()));
    f.recover();
    return f;
  }

  private void recover() {
    int at = 0;
    while (at + HEADER <= map.capacity()) {
      int rest = map.getInt(at);
      if (rest == 0) break;
      if (rest < MIN_REST || at + HEADER + rest > map.capacity() || crc(at, rest) != map.getInt(at + 4)) {
        zeroFrom(at);
        break;
      }
      index(hashAt(at), at);
      lastWrittenMs = Math.max(lastWrittenMs, map.getLong(at + HEADER));
      records++;
      at += HEADER + rest;
    }
    size = at;
  }

  private void zeroFrom(int at) {
    byte[] zeros = new byte[64 << 10];
    for (int i = at; i < map.capacity(); i += zeros.length) map.put(i, zeros, 0, Math.min(zeros.length, map.capacity() - i));
  }

  private int hashAt(int at) {
    int idLength = map.getShort(at + HEADER + 8) & 0xffff;
    byte[] id = new byte[idLength];
    map.get(at + HEADER + MIN_REST, id);
    return hash(id);
  }

  /** The bytes a record takes (a file is made at least this large, plus its end mark). */
  static int recordBytes(int idLength, int jsonLength) {
    return HEADER + MIN_REST + idLength + jsonLength;
  }

  /** How full the file is, 0 to 1. */
  double fill() {
    return size / (double) map.capacity();
  }

  boolean fits(int idLength, int jsonLength) {
    return size + recordBytes(idLength, jsonLength) < map.capacity();
  }

  /** Appends a receipt ({@code json} empty: a tombstone); the caller checked that it {@link #fits}. */
  void append(int hash, byte[] id, byte[] json, long nowMs) {
    int at = size;
    int rest = MIN_REST + id.length + json.length;
    map.putLong(at + HEADER, nowMs).putShort(at + HEADER + 8, (short) id.length);
    map.put(at + HEADER + MIN_REST, id).put(at + HEADER + MIN_REST + id.length, json);
    map.putInt(at + 4, crc(at, rest));
    map.putInt(at, rest); // last: a record is there once its length is
    size = at + HEADER + rest;
    records++;
    lastWrittenMs = Math.max(lastWrittenMs, nowMs);
    index(hash, at);
  }

  /** The offset of the newest record of this id in this file, or -1. */
  int find(int hash, byte[] id) {
    int mask = hashes.length - 1;
    for (int i = slot(hash, mask); hashes[i] != 0; i = (i + 1) & mask) {
      if (hashes[i] == hash && idAt(offsets[i], id)) return offsets[i];
    }
    return -1;
  }

  /** When the record at {@code offset} was written. */
  long writtenAt(int offset) {
    return map.getLong(offset + HEADER);
  }

  /** Whether the record at {@code offset} is a tombstone (no JSON). */
  boolean tombstone(int offset) {
    return map.getInt(offset) == MIN_REST + (map.getShort(offset + HEADER + 8) & 0xffff);
  }

  /** The receipt JSON of the record at {@code offset} (empty for a tombstone). */
  byte[] json(int offset) {
    int rest = map.getInt(offset);
    int idLength = map.getShort(offset + HEADER + 8) & 0xffff;
    byte[] json = new byte[rest - MIN_REST - idLength];
    map.get(offset + HEADER + MIN_REST + idLength, json);
    return json;
  }

  private boolean idAt(int offset, byte[] id) {
    if ((map.getShort(offset + HEADER + 8) & 0xffff) != id.length) return false;
    int from = offset + HEADER + MIN_REST;
    for (int k = 0; k < id.length; k++) {
      if (map.get(from + k) != id[k]) return false;
    }
    return true;
  }

  private void index(int hash, int offset) {
    if (used + 1 > hashes.length * 0.6) grow();
    int mask = hashes.length - 1;
    int i = slot(hash, mask);
    while (hashes[i] != 0) {
      if (hashes[i] == hash && sameId(offsets[i], offset)) {
        offsets[i] = offset;
        return;
      }
      i = (i + 1) & mask;
    }
    hashes[i] = hash;
    offsets[i] = offset;
    used++;
  }

  private boolean sameId(int a, int b) {
    int length = map.getShort(a + HEADER + 8) & 0xffff;
    if ((map.getShort(b + HEADER + 8) & 0xffff) != length) return false;
    for (int k = 0; k < length; k++) {
      if (map.get(a + HEADER + MIN_REST + k) != map.get(b + HEADER + MIN_REST + k)) return false;
    }
    return true;
  }

  private void grow() {
    int[] oldHashes = hashes;
    int[] oldOffsets = offsets;
    hashes = new int[oldHashes.length * 2];
    offsets = new int[oldHashes.length * 2];
    int mask = hashes.length - 1;
    for (int k = 0; k < oldHashes.length; k++) {
      if (oldHashes[k] == 0) continue;
      int i = slot(oldHashes[k], mask);
      while (hashes[i] != 0) i = (i + 1) & mask;
      hashes[i] = oldHashes[k];
      offsets[i] = oldOffsets[k];
    }
  }

  private static int slot(int hash, int mask) {
    return hash & mask;
  }

  /** A hash of an id's bytes, never 0 (the empty slot): 64-bit FNV-1a, then a finaliser to spread it, folded to 32 bits. */
  static int hash(byte[] id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id) h = (h ^ (b & 0xff)) * 0x100000001b3L;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    int folded = (int) (h ^ (h >>> 32));
    return folded == 0 ? 1 : folded;
  }

  private int crc(int at, int rest) {
    CRC32C c = new CRC32C();
    c.update(map.slice(at + HEADER, rest));
    return (int) c.getValue();
  }

  /** Writes what is in the mapping to the disk (the kernel has it already: this is for a power cut). Blocking. */
  synchronized void force() {
    if (!closed) map.force();
  }

  /** Unmaps and closes the file, forcing it first unless it is about to be deleted. Blocking. */
  synchronized void close(boolean force) throws IOException {
    if (closed) return;
    closed = true;
    if (force) map.force();
    Unmapper.unmap(map);
    map = null;
    channel.close();
  }

  /**
   * Unmaps a file at once (Java only unmaps when the buffer is garbage-collected, which would keep a
   * deleted file's disk space in use meanwhile); without the JDK's cleaner, leaves it to the collector.
   */
  private static final class Unmapper {
    private static final MethodHandle CLEANER = cleaner();

    private static MethodHandle cleaner() {
      try {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        var field = unsafeClass.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
            .bindTo(field.get(null));
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    static void unmap(MappedByteBuffer map) {
      if (CLEANER == null) return;
      try {
        CLEANER.invokeExact((ByteBuffer) map);
      } catch (Throwable e) {
        // left to the collector
      }
    }
  }
}
