package io.hsdest.console;

import io.hsdest.delivery.MessageResult;
import io.hsdest.ingest.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latest messages of one destination with what became of them: a fixed ring, the newest overwriting the oldest,
 * so memory stays bounded whatever the traffic. Writes are one atomic increment and one store (delivery threads);
 * reads copy (console requests). A message resent after a 429/503 appears once per attempt.
 */
final class RecentMessages {
  /** One message as it was answered: when, the message, its result. */
  record Entry(long at, Message message, MessageResult result) {}

  private final AtomicReferenceArray<Entry> ring;
  private final AtomicLong written = new AtomicLong();

  RecentMessages(int capacity) {
    this.ring = new AtomicReferenceArray<>(capacity);
  }

  void add(Entry e) {
    long n = written.getAndIncrement();
    ring.set((int) (n % ring.length()), e);
  }

  /** Up to {@code limit} entries, newest first. */
  List<Entry> newestFirst(int limit) {
    long end = written.get();
    List<Entry> out = new ArrayList<>(Math.min(limit, ring.length()));
    for (long n = end - 1; n >= 0 && n >= end - ring.length() && out.size() < limit; n--) {
      Entry e = ring.get((int) (n % ring.length()));
      if (e != null) out.add(e);
    }
    return out;
  }

  /** The newest entry for this message id, or null when it has left the ring (or never came). */
  Entry find(String messageId) {
    for (Entry e : newestFirst(ring.length())) {
      if (messageId.equals(e.message().messageId())) return e;
    }
    return null;
  }

  long total() {
    return written.get();
  }
}
