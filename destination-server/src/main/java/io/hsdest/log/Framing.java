package io.hsdest.log;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * How the embedded log frames an entry on disk: {@code length (4) | crc32c (4) | appendedAtMs (8) |
 * payload}. The CRC covers length, time and payload, so a record torn by a crash (or any garbage at
 * the tail) is recognised and cut on recovery.
 */
final class Framing {
  static final int HEADER = 16;
  /** Far above any message (32 KB); a larger length field can only be garbage. */
  static final int MAX_ENTRY = 16 << 20;

  private Framing() {}

  static long framedSize(List<byte[]> entries) {
    long n = 0;
    for (byte[] e : entries) n += HEADER + e.length;
    return n;
  }

  /** The records of {@code entries}, ready to write. */
  static ByteBuffer frame(List<byte[]> entries, long appendedAtMs) {
    ByteBuffer b = ByteBuffer.allocate((int) framedSize(entries));
    for (byte[] e : entries) {
      b.putInt(e.length).putInt(crc(e.length, appendedAtMs, e, 0, e.length)).putLong(appendedAtMs).put(e);
    }
    return b.flip();
  }

  /** One record read back. */
  record Record(byte[] payload, long appendedAtMs) {
    long framedSize() {
      return HEADER + payload.length;
    }
  }

  /** The size of the record starting at {@code b}'s position if its header is there, -1 if not enough bytes, -2 if garbage. */
  static int recordSize(ByteBuffer b) {
    if (b.remaining() < HEADER) return -1;
    int length = b.getInt(b.position());
    if (length < 0 || length > MAX_ENTRY) return -2;
    return HEADER + length;
  }

  /**
   * Reads the record at {@code b}'s position when it is all there (advancing the position), else
   * null with the position unchanged. Throws {@link Corrupt} when its length or CRC is wrong.
   */
  static Record read(ByteBuffer b) {
    int size = recordSize(b);
    if (size == -2) throw new Corrupt();
    if (size == -1 || b.remaining() < size) return null;
    int start = b.position();
    int length = b.getInt();
    int crc = b.getInt();
    long at = b.getLong();
    byte[] payload = new byte[length];
    b.get(payload);
    if (crc(length, at, payload, 0, length) != crc) {
      b.position(start);
      throw new Corrupt();
    }
    return new Record(payload, at);
  }

  private static int crc(int length, long at, byte[] payload, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(12).putInt(length).putLong(at).flip());
    c.update(payload, off, len);
    return (int) c.getValue();
  }

  /** A record whose length or checksum does not hold: a torn tail after a crash. */
  static final class Corrupt extends RuntimeException {
    Corrupt() {
      super("corrupt record", null, false, false);
    }
  }
}
