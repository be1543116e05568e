package io.hsdest.durable;

import io.hsdest.ingest.RecordedMessages;
import io.hsdest.ingest.message.Message;
import io.hsdest.mapping.Premapped;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages this process recorded lately, by their recorded bytes, so that delivery reading them
 * back soon after takes the message intake already parsed, and mapped, instead of parsing and
 * mapping it again (a good part of the CPU per message in durable mode). Only a shortcut: an entry
 * not here (after a restart, recorded by another Kafka instance, pushed out by newer ones) is decoded
 * as always, and decoding the same bytes gives the same message. One for the server: equal bytes
 * recorded for two destinations share an entry, and a plan made under the other destination's
 * settings is not taken ({@link Premapped#holdsFor}). Bounded by the bytes it covers; thread-safe.
 */
final class RecentlyRecorded {
  private final long maxBytes;
  private final LinkedHashMap<Key, Recorded> byBytes = new LinkedHashMap<>();
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

  /** A message read back: the one intake parsed, and its plan when intake mapped it ahead (else null). */
  record Recorded(Message message, Premapped premapped) {}

  synchronized void recorded(byte[] payload, Message m, Premapped premapped) {
    if (payload.length > maxBytes) return;
    if (byBytes.put(Key.of(payload), new Recorded(m, premapped)) == null) bytes += payload.length;
    Iterator<Map.Entry<Key, Recorded>> oldest = byBytes.entrySet().iterator();
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
  Recorded readBack(byte[] payload) {
    Recorded r;
    synchronized (this) {
      r = byBytes.remove(Key.of(payload));
      if (r != null) bytes -= payload.length;
    }
    return r != null ? r : new Recorded(RecordedMessages.decode(payload), null);
  }

  synchronized int size() {
    return byBytes.size();
  }
}
