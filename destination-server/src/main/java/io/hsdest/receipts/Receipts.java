package io.hsdest.receipts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsdest.delivery.MessageResult;
import io.hsdest.mapping.Warning;
import io.hsdest.store.ExpiringMap;
import io.hsdest.store.KeyValueStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * throughput. Intake's record (durable mode: the message was recorded) and delivery's record (its
 * attempts and outcome) are kept under separate keys, so that with several instances an intake
 * written late never hides an outcome written early. Writes are in memory (the store commits them with
 * the rest of the destination's state); reads are cheap. Thread-safe.
 */
public final class Receipts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExpiringMap accepted;
  private final ExpiringMap delivered;
  private final long retentionMs;
  private final long maxReceipts;
  private final LongSupplier clock;
  private final AtomicLong written = new AtomicLong();
  private final String destinationId;
  private final MeterRegistry metrics;
  private final Map<String, Counter> writtenByOutcome = new java.util.concurrent.ConcurrentHashMap<>();

  public Receipts(KeyValueStore store, String destinationId, long retentionMs, long maxReceipts, LongSupplier clock) {
    this(store, destinationId, retentionMs, maxReceipts, clock, new SimpleMeterRegistry());
  }

  /** @param metrics where {@code delivery_receipts_total{destination,outcome}} counts the receipts written by outcome */
  public Receipts(KeyValueStore store, String destinationId, long retentionMs, long maxReceipts, LongSupplier clock,
      MeterRegistry metrics) {
    this.destinationId = destinationId;
    this.metrics = metrics;
    this.accepted = new ExpiringMap(store, "accepted:" + destinationId);
    this.delivered = new ExpiringMap(store, "receipts:" + destinationId);
    this.retentionMs = retentionMs;
    this.maxReceipts = maxReceipts;
    this.clock = clock;
  }

  /** The receipt of this message, or null when unknown (never seen, or forgotten after the retention). */
  public Receipt find(String messageId) {
    if (messageId == null) return null;
    String json = delivered.get(messageId);
    if (json != null) return read(json);
    String intake = accepted.get(messageId);
    if (intake == null) return null;
    Receipt r = read(intake);
    return new Receipt(messageId, r.type(), "ACCEPTED", null, null, List.of(), 0, r.acceptedAt(), null, null);
  }

  /** Durable delivery recorded the message: {@code ACCEPTED} until delivery finishes it. */
  public void accepted(String messageId, String type) {
    long now = clock.getAsLong();
    put(accepted, new Receipt(messageId, type, "ACCEPTED", null, null, List.of(), 0, iso(now), null, null), now);
  }

  /** A dead letter sent again: its failure is forgotten and it is {@code ACCEPTED} anew. */
  public void replayed(String messageId, String type) {
    delivered.remove(messageId);
    accepted(messageId, type);
  }

  /** Delivery took the message up and did not finish it; {@code why} is what stopped it. */
  public void attempted(String messageId, String type, String why) {
    Receipt had = find(messageId);
    long now = clock.getAsLong();
    put(delivered, new Receipt(messageId, type, "ACCEPTED", null, null, List.of(), attempts(had) + 1, acceptedAt(had, now), null,
        why), now);
  }

  /** The message's result (a result not final counts as an attempt). */
  public void finished(MessageResult r) {
    if (r.messageId() == null) return;
    if (!r.isFinal()) {
      attempted(r.messageId(), r.type(), r.pending().why());
      return;
    }
    Receipt had = find(r.messageId());
    long now = clock.getAsLong();
    put(delivered, new Receipt(r.messageId(), r.type(), r.outcome().name(), r.reason() == null ? null : r.reason().name(),
        r.detail(), warnings(r.warnings()), attempts(had) + 1, acceptedAt(had, now), iso(now), null), now);
  }

  /** Durable delivery gave up after its retry window: {@code FAILED}, and kept as a dead letter. */
  public void failed(String messageId, String type, String reason, String lastError) {
    Receipt had = find(messageId);
    long now = clock.getAsLong();
    put(delivered, new Receipt(messageId, type, "FAILED", reason, lastError, List.of(), Math.max(1, attempts(had)),
        acceptedAt(had, now), iso(now), lastError), now);
  }

  private static int attempts(Receipt had) {
    return had == null ? 0 : had.attempts();
  }

  private static String acceptedAt(Receipt had, long now) {
    return had == null ? iso(now) : had.acceptedAt();
  }

  private void put(ExpiringMap map, Receipt r, long now) {
    writtenByOutcome.computeIfAbsent(r.outcome(), outcome -> Counter.builder("delivery_receipts")
        .description("receipts written, by outcome (ACCEPTED once recorded, then the outcome)").tag("destination", destinationId)
        .tag("outcome", outcome).register(metrics)).increment();
    try {
      map.put(r.messageId(), JSON.writeValueAsString(r), now);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    if (written.incrementAndGet() % 10_000 == 0) sweep();
  }

  private static Receipt read(String json) {
    try {
      return JSON.readValue(json, Receipt.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets receipts past the retention, and the oldest beyond {@code maxReceipts}; returns how many. */
  public int sweep() {
    long cutoff = clock.getAsLong() - retentionMs;
    int removed = accepted.sweep(cutoff, Integer.MAX_VALUE) + delivered.sweep(cutoff, Integer.MAX_VALUE);
    for (ExpiringMap map : List.of(accepted, delivered)) {
      long excess = map.size() - maxReceipts;
      if (excess > 0) removed += map.sweep(Long.MAX_VALUE, (int) Math.min(Integer.MAX_VALUE, excess));
    }
    return removed;
  }

  /** Messages with a receipt (a message may count twice while durable delivery works on it). */
  public long size() {
    return delivered.size();
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
