package io.hsdest.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of a destination's log, holding the entries from {@link #base} on. Written only by the
 * log's writer thread; read concurrently (positional reads) up to {@link #durableSize}, which the
 * writer raises after forcing. A segment is {@link #sealed} once a later one exists and its size is
 * final and durable.
 */
final class Segment {
  final long base;
  final Path path;
  final FileChannel channel;
  /** Bytes written (writer thread only). */
  long size;
  /** Entries written (writer thread only). */
  long count;
  volatile long durableSize;
  volatile boolean sealed;

  private Segment(long base, Path path, FileChannel channel) {
    this.base = base;
    this.path = path;
    this.channel = channel;
  }

  static String fileName(long base) {
    return String.format("%020d.log", base);
  }

  static Segment open(Path dir, long base) throws IOException {
    Path path = dir.resolve(fileName(base));
    return new Segment(base, path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
  }

  void write(ByteBuffer records) throws IOException {
    long at = size;
    while (records.hasRemaining()) at += channel.write(records, at);
    size = at;
  }

  void readFully(ByteBuffer into, long position) throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int n = channel.read(into, at);
      if (n < 0) throw new IOException(path.getFileName() + ": ended at " + at + " before " + (position + into.capacity()));
      at += n;
    }
  }

  void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a file we are deleting or leaving: nothing to save
    }
  }
}
