package io.hsdest.durable;

import io.hsdest.ingest.RecordedMessages;
import io.hsdest.ingest.message.Message;
import io.hsdest.mapping.Premapped;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The messages this process recorded lately, by their recorded bytes, so that delivery reading them
 * back soon after takes the message intake already parsed, and mapped, instead of parsing and
 * mapping it again (a good part of the CPU per message in durable mode). Only a shortcut: an entry
 * not here (after a restart, recorded by another Kafka instance, recorded while this was full) is decoded
 * as always, and decoding the same bytes gives the same message. One for the server: equal bytes
 * recorded for two destinations share an entry, and a plan made under the other destination's
 * settings is not taken ({@link Premapped#holdsFor}). Bounded by the bytes it covers; thread-safe.
 *
 * <p>When full it keeps what it has and lets newer messages go (decoded when read back). The log's reader takes
 * messages in the order they were recorded, so what is here is read next. Pushing out the oldest instead hit more
 * often in the benchmark's bursts but took about 5% more of the server's CPU over the pass (paired runs, noisy): a
 * message pushed out has already been copied by collections for nothing, while one not kept dies young. Only
 * entries not read back within {@link #STALE_MS} (the log is read elsewhere now, or HubSpot is down and the backlog
 * long) make room.
 */
final class RecentlyRecorded {
  static final long STALE_MS = 10_000;

  private final long maxBytes;
  private final LongSupplier clockMs;
  private final LinkedHashMap<Key, Recorded> byBytes = new LinkedHashMap<>();
  private long bytes;

  RecentlyRecorded(long maxBytes, LongSupplier clockMs) {
    this.maxBytes = maxBytes;
    this.clockMs = clockMs;
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
  record Recorded(Message message, Premapped premapped, long atMs) {}

  synchronized void recorded(byte[] payload, Message m, Premapped premapped) {
    long now = clockMs.getAsLong();
    Iterator<Map.Entry<Key, Recorded>> oldest = byBytes.entrySet().iterator();
    while (bytes + payload.length > maxBytes && oldest.hasNext()) {
      Map.Entry<Key, Recorded> e = oldest.next();
      if (now - e.getValue().atMs() < STALE_MS) break;
      bytes -= e.getKey().payload.length;
      oldest.remove();
    }
    if (bytes + payload.length > maxBytes) return;
    if (byBytes.put(Key.of(payload), new Recorded(m, premapped, now)) == null) bytes += payload.length;
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
    return r != null ? r : new Recorded(RecordedMessages.decode(payload), null, 0);
  }

  synchronized int size() {
    return byBytes.size();
  }
}
