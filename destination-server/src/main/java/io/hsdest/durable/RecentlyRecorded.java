package io.hsdest.durable;

import io.hsdest.ingest.RecordedMessages;
import io.hsdest.ingest.message.Message;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages this process recorded lately, by their recorded bytes, so that delivery reading them
 * back soon after takes the message intake already parsed instead of parsing the bytes again (a
 * good part of the CPU per message in durable mode). Only a shortcut: an entry not here (after a
 * restart, read by another Kafka instance, pushed out by newer ones) is decoded as always, and
 * decoding the same bytes gives the same message. Bounded by the bytes it covers; thread-safe.
 */
final class RecentlyRecorded {
  private final long maxBytes;
  private final LinkedHashMap<Key, Message> byBytes = new LinkedHashMap<>();
  private long bytes;

  RecentlyRecorded(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The recorded bytes' content is the key: the log hands back equal bytes, not the same array. The hash covers the
   * length, the start (where a record names its messageId) and the end: hashing every byte cost more than the rest.
   */
  private record Key(byte[] payload, int hash) {
    private static final int EDGE = 96;

    static Key of(byte[] payload) {
      int n = payload.length;
      if (n <= 2 * EDGE) return new Key(payload, Arrays.hashCode(payload));
      int h = 31 * n + hash(payload, 0, EDGE);
      return new Key(payload, 31 * h + hash(payload, n - EDGE, n));
    }

    private static int hash(byte[] b, int from, int to) {
      int h = 1;
      for (int i = from; i < to; i++) h = 31 * h + b[i];
      return h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.payload, payload);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  synchronized void recorded(byte[] payload, Message m) {
    if (payload.length > maxBytes) return;
    if (byBytes.put(Key.of(payload), m) == null) bytes += payload.length;
    Iterator<Map.Entry<Key, Message>> oldest = byBytes.entrySet().iterator();
    while (bytes > maxBytes && oldest.hasNext()) {
      bytes -= oldest.next().getKey().payload.length;
      oldest.remove();
    }
  }

  /** The recording did not happen (the log refused it): nothing to hand over. */
  synchronized void forget(byte[] payload) {
    if (byBytes.remove(Key.of(payload)) != null) bytes -= payload.length;
  }

  /** The message recorded as these bytes: the one intake parsed when still here (once), else decoded. */
  Message readBack(byte[] payload) {
    Message m;
    synchronized (this) {
      m = byBytes.remove(Key.of(payload));
      if (m != null) bytes -= payload.length;
    }
    return m != null ? m : RecordedMessages.decode(payload);
  }

  synchronized int size() {
    return byBytes.size();
  }
}
