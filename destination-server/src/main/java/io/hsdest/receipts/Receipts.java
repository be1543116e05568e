package io.hsdest.receipts;

import io.hsdest.delivery.MessageResult;
import io.hsdest.mapping.Warning;
import io.hsdest.store.KeyValueStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One destination's receipts, so that a client (or a person in the console) can ask later what
 * became of a message: {@code receiptRetentionHours} after it was last touched, and never more than
 * {@code maxReceipts}, so the disk or memory stays bounded at any throughput. Kept in receipt files
 * (durable mode on one machine: they survive a restart), in the store shared through Kafka (durable
 * mode on many: every instance reads them) or in memory (sync mode).
 * Intake's record (durable mode: the message was recorded) and delivery's record (its attempts and
 * outcome) are kept under separate keys, so that with several instances an intake written late
 * never hides an outcome written early. Thread-safe.
 */
public final class Receipts {
  private final Shelf accepted;
  private final Shelf delivered;
  private final long retentionMs;
  private final long maxReceipts;
  private final LongSupplier clock;
  private final AtomicLong written = new AtomicLong();
  private final String destinationId;
  private final MeterRegistry metrics;
  private final Map<String, Counter> writtenByOutcome = new ConcurrentHashMap<>();

  public Receipts(KeyValueStore store, String destinationId, long retentionMs, long maxReceipts, LongSupplier clock) {
    this(store, destinationId, retentionMs, maxReceipts, clock, new SimpleMeterRegistry());
  }

  /** @param metrics where {@code delivery_receipts_total{destination,outcome}} counts the receipts written by outcome */
  public Receipts(KeyValueStore store, String destinationId, long retentionMs, long maxReceipts, LongSupplier clock,
      MeterRegistry metrics) {
    this(new StoredShelf(store, "accepted:" + destinationId), new StoredShelf(store, "receipts:" + destinationId), destinationId,
        retentionMs, maxReceipts, clock, metrics);
  }

  /** Receipts kept in memory only (sync mode): gone after a restart. */
  public static Receipts inMemory(String destinationId, long retentionMs, long maxReceipts, LongSupplier clock, MeterRegistry metrics) {
    return new Receipts(new MemoryShelf(retentionMs, maxReceipts, clock), new MemoryShelf(retentionMs, maxReceipts, clock),
        destinationId, retentionMs, maxReceipts, clock, metrics);
  }

  /**
   * Receipts in files of their own under {@code dir} (durable mode with the embedded log), see {@link ReceiptFiles}.
   * Blocking: reads the files written before.
   *
   * @param background where full files are forced to disk and dropped ones deleted
   */
  public static Receipts inFiles(Path dir, String destinationId, long retentionMs, long maxReceipts, LongSupplier clock,
      MeterRegistry metrics, Executor background) throws IOException {
    return new Receipts(ReceiptFiles.open(dir.resolve("accepted"), ReceiptFiles.FILE_BYTES, maxReceipts, background),
        ReceiptFiles.open(dir.resolve("delivered"), ReceiptFiles.FILE_BYTES, maxReceipts, background), destinationId, retentionMs,
        maxReceipts, clock, metrics);
  }

  private Receipts(Shelf accepted, Shelf delivered, String destinationId, long retentionMs, long maxReceipts, LongSupplier clock,
      MeterRegistry metrics) {
    this.destinationId = destinationId;
    this.metrics = metrics;
    this.accepted = accepted;
    this.delivered = delivered;
    this.retentionMs = retentionMs;
    this.maxReceipts = maxReceipts;
    this.clock = clock;
  }

  /** The receipt of this message, or null when unknown (never seen, or forgotten after the retention). */
  public Receipt find(String messageId) {
    if (messageId == null) return null;
    Receipt done = delivered.get(messageId);
    if (done != null) return done;
    Receipt r = accepted.get(messageId);
    if (r == null) return null;
    return new Receipt(messageId, r.type(), "ACCEPTED", null, null, List.of(), 0, r.acceptedAt(), null, null);
  }

  /** Durable delivery recorded the message: {@code ACCEPTED} until delivery finishes it. */
  public void accepted(String messageId, String type) {
    long now = clock.getAsLong();
    put(accepted, new Receipt(messageId, type, "ACCEPTED", null, null, List.of(), 0, iso(now), null, null), now);
  }

  /**
   * A message final before and recorded again (a dead letter replayed, a client resending a delivered message): its
   * earlier outcome is forgotten and it is {@code ACCEPTED} anew.
   */
  public void acceptedAgain(String messageId, String type) {
    delivered.remove(messageId, clock.getAsLong());
    accepted(messageId, type);
  }

  /** Delivery took the message up and did not finish it; {@code why} is what stopped it. */
  public void attempted(String messageId, String type, String why) {
    long now = clock.getAsLong();
    Before had = before(messageId, now);
    put(delivered, new Receipt(messageId, type, "ACCEPTED", null, null, List.of(), had.attempts + 1, had.acceptedAt, null, why), now);
  }

  /** The message's result (a result not final counts as an attempt). */
  public void finished(MessageResult r) {
    if (r.messageId() == null) return;
    if (!r.isFinal()) {
      attempted(r.messageId(), r.type(), r.pending().why());
      return;
    }
    long now = clock.getAsLong();
    Before had = before(r.messageId(), now);
    put(delivered, new Receipt(r.messageId(), r.type(), r.outcome().name(), r.reason() == null ? null : r.reason().name(),
        r.detail(), warnings(r.warnings()), had.attempts + 1, had.acceptedAt, iso(now), null), now);
  }

  /** Durable delivery gave up after its retry window: {@code FAILED}, and kept as a dead letter. */
  public void failed(String messageId, String type, String reason, String lastError) {
    long now = clock.getAsLong();
    Before had = before(messageId, now);
    put(delivered, new Receipt(messageId, type, "FAILED", reason, lastError, List.of(), Math.max(1, had.attempts), had.acceptedAt,
        iso(now), lastError), now);
  }

  /** What a new receipt carries over from the message's earlier ones: attempts so far, and when it was accepted. */
  private record Before(int attempts, String acceptedAt) {}

  private Before before(String messageId, long now) {
    Receipt done = delivered.get(messageId);
    if (done != null) return new Before(done.attempts(), done.acceptedAt());
    long acceptedAt = accepted.acceptedAtMs(messageId); // the usual case: only accepted so far, its time read without its JSON
    return new Before(0, iso(acceptedAt >= 0 ? acceptedAt : now));
  }

  private void put(Shelf shelf, Receipt r, long now) {
    writtenByOutcome.computeIfAbsent(r.outcome(), outcome -> Counter.builder("delivery_receipts")
        .description("receipts written, by outcome (ACCEPTED once recorded, then the outcome)").tag("destination", destinationId)
        .tag("outcome", outcome).register(metrics)).increment();
    shelf.put(r, now);
    if (written.incrementAndGet() % 10_000 == 0) sweep();
  }

  /** Forgets receipts past the retention, and the oldest beyond {@code maxReceipts}; returns how many. */
  public int sweep() {
    long cutoff = clock.getAsLong() - retentionMs;
    return accepted.sweep(cutoff, maxReceipts) + delivered.sweep(cutoff, maxReceipts);
  }

  /** Forces and closes what the receipts are kept in (their files). Blocking. */
  public void close() {
    accepted.close();
    delivered.close();
  }

  /** Delivery's receipts kept (in receipt files, a message retried counts once per attempt until its file goes). */
  public long size() {
    return delivered.size();
  }

  private record Stamp(long ms, String iso) {}

  /** The last time formatted: the receipts of one HubSpot answer share their millisecond, and formatting is not free. */
  private static final AtomicReference<Stamp> LAST = new AtomicReference<>(new Stamp(Long.MIN_VALUE, ""));

  private static String iso(long ms) {
    Stamp last = LAST.get();
    if (last.ms() == ms) return last.iso();
    String iso = Instant.ofEpochMilli(ms).toString();
    LAST.set(new Stamp(ms, iso));
    return iso;
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
