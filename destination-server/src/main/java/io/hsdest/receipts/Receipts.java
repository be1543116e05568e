package io.hsdest.receipts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsdest.delivery.MessageResult;
import io.hsdest.mapping.Warning;
import io.hsdest.store.ExpiringMap;
import io.hsdest.store.KeyValueStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One destination's receipts, kept in the store so that a client (or a person in the console) can
 * ask later what became of a message: {@code receiptRetentionHours} after it was last touched, and
 * never more than {@code maxReceipts} (the oldest go first), so the disk stays bounded at any
 * throughput. Writes are in memory (the store commits them with the rest of the destination's
 * state); reads are cheap. Thread-safe.
 */
public final class Receipts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExpiringMap byMessage;
  private final long retentionMs;
  private final long maxReceipts;
  private final LongSupplier clock;
  private final AtomicLong written = new AtomicLong();

  public Receipts(KeyValueStore store, String destinationId, long retentionMs, long maxReceipts, LongSupplier clock) {
    this.byMessage = new ExpiringMap(store, "receipts:" + destinationId);
    this.retentionMs = retentionMs;
    this.maxReceipts = maxReceipts;
    this.clock = clock;
  }

  /** The receipt of this message, or null when unknown (never seen, or forgotten after the retention). */
  public Receipt find(String messageId) {
    String json = messageId == null ? null : byMessage.get(messageId);
    if (json == null) return null;
    try {
      return JSON.readValue(json, Receipt.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Durable delivery recorded the message: it is {@code ACCEPTED} until delivery finishes it. */
  public void accepted(String messageId, String type) {
    Receipt had = find(messageId);
    if (had != null && had.isFinal()) return; // a resend of a finished message: its receipt stands
    long now = clock.getAsLong();
    put(new Receipt(messageId, type, "ACCEPTED", null, null, List.of(), had == null ? 0 : had.attempts(),
        had == null ? iso(now) : had.acceptedAt(), null, had == null ? null : had.lastError()), now);
  }

  /** Delivery took the message up once more and did not finish it; {@code why} is what stopped it. */
  public void attempted(String messageId, String type, String why) {
    Receipt had = find(messageId);
    long now = clock.getAsLong();
    put(new Receipt(messageId, type, "ACCEPTED", null, null, List.of(), (had == null ? 0 : had.attempts()) + 1,
        had == null ? iso(now) : had.acceptedAt(), null, why), now);
  }

  /** The message's final result (a not-final one counts as an attempt). */
  public void finished(MessageResult r) {
    if (r.messageId() == null) return;
    if (!r.isFinal()) {
      attempted(r.messageId(), r.type(), r.pending().why());
      return;
    }
    Receipt had = find(r.messageId());
    long now = clock.getAsLong();
    put(new Receipt(r.messageId(), r.type(), r.outcome().name(), r.reason() == null ? null : r.reason().name(), r.detail(),
        warnings(r.warnings()), (had == null ? 0 : had.attempts()) + 1, had == null ? iso(now) : had.acceptedAt(), iso(now),
        null), now);
  }

  /** Durable delivery gave up after its retry window: {@code FAILED}, kept as a dead letter elsewhere. */
  public void failed(String messageId, String type, String reason, String lastError) {
    Receipt had = find(messageId);
    long now = clock.getAsLong();
    put(new Receipt(messageId, type, "FAILED", reason, lastError, List.of(), had == null ? 1 : had.attempts(),
        had == null ? iso(now) : had.acceptedAt(), iso(now), lastError), now);
  }

  private void put(Receipt r, long now) {
    try {
      byMessage.put(r.messageId(), JSON.writeValueAsString(r), now);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    if (written.incrementAndGet() % 10_000 == 0) sweep();
  }

  /** Forgets receipts past the retention, and the oldest beyond {@code maxReceipts}; returns how many. */
  public int sweep() {
    int removed = byMessage.sweep(clock.getAsLong() - retentionMs, Integer.MAX_VALUE);
    long excess = byMessage.size() - maxReceipts;
    if (excess > 0) removed += byMessage.sweep(Long.MAX_VALUE, (int) Math.min(Integer.MAX_VALUE, excess));
    return removed;
  }

  public long size() {
    return byMessage.size();
  }

  private static String iso(long ms) {
    return Instant.ofEpochMilli(ms).toString();
  }

  private static List<Map<String, String>> warnings(List<Warning> warnings) {
    List<Map<String, String>> out = new ArrayList<>(warnings.size());
    for (Warning w : warnings) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("code", w.code());
      if (w.property() != null) m.put("property", w.property());
      m.put("message", w.message());
      out.add(m);
    }
    return out;
  }
}
