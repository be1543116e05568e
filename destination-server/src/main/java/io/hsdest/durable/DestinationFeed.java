package io.hsdest.durable;

import io.hsdest.clock.Scheduler;
import io.hsdest.delivery.MessageResult;
import io.hsdest.durable.DeadLetters.DeadLetter;
import io.hsdest.ingest.message.Message;
import io.hsdest.log.LogEntry;
import io.hsdest.mapping.Premapped;
import io.hsdest.receipts.Receipts;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one destination's recorded messages: reads them back from the log, hands them to the
 * same delivery as sync mode in large chunks (so calls fill), and ends each one: a final result goes
 * to its receipt and the entry is done; a result not final (HubSpot down, rate-limited, a token
 * refused) is tried again after a backoff, for {@code maxRetryHours} after it was recorded, then it is
 * {@code FAILED} and kept as a dead letter. Confined to the log reader's loop.
 */
final class DestinationFeed {
  private static final Logger LOG = LoggerFactory.getLogger(DestinationFeed.class);
  /**
   * Messages handed to delivery in one go, and how many such chunks may be under way at once: eight, so that the
   * adoption search (5 calls a second) finds a full body of new companies waiting (four left it half full).
   */
  static final int CHUNK = 1_000;
  static final int CHUNKS_IN_FLIGHT = 8;
  /** How long delivery may take with one chunk before its unfinished messages come back here. */
  static final long CHUNK_TIMEOUT_MS = 60_000;
  static final long MAX_RETRY_WAIT_MS = 300_000;
  /**
   * A chunk smaller than {@link #CHUNK} waits until nothing new has been read for {@code GATHER_QUIET_MS}, at most
   * {@code GATHER_MAX_MS}: nobody waits for delivery in durable mode, so a moment spent gathering what a client is
   * still sending buys fuller HubSpot calls (a sender of 20 requests of 50: 28 calls without it, 7 with it).
   */
  static final long GATHER_QUIET_MS = 250;
  static final long GATHER_MAX_MS = 2_000;

  private final String destinationId;
  private final DurableDelivery.Deliver deliver;
  private final Receipts receipts;
  private final DeadLetters deadLetters;
  private final Scheduler scheduler;
  private final long maxRetryMs;
  private final Supplier<Future<Void>> restore;
  private final Function<Runnable, Future<Void>> receiptWriter;
  private final RecentlyRecorded recent;
  private final ArrayDeque<LogEntry> waiting = new ArrayDeque<>();
  private final Map<LogEntry, Integer> attempts = new IdentityHashMap<>();
  /** Entries waiting out a backoff, soonest first; one timer for the soonest, so entries due together go together. */
  private final PriorityQueue<Due> retrying = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
  private long retryTimer = -1;
  private long retryTimerAt = Long.MAX_VALUE;
  private long gatherTimer = -1;
  /** When the newest entry was read, and since when what waits has been waiting (gathering). */
  private long lastReadAt;
  private long gatheringSince;

  private record Due(long at, LogEntry entry) {}
  private int chunksInFlight;
  private volatile boolean owned;
  private boolean restoring;
  /** Bumped on every assignment, so the answers of an earlier ownership are told apart. */
  private long generation;

  /**
   * @param deliver delivers messages as sync mode does (within a timeout), one result per message
   * @param restore reloads what the store keeps for the destination, before it is delivered here
   * @param receiptWriter runs a chunk's receipt writes off this loop, in order (writing them is a good part of
   *     the work per message, and this loop is the one every message of the destination passes through)
   */
  DestinationFeed(String destinationId, DurableDelivery.Deliver deliver, Receipts receipts,
      DeadLetters deadLetters, Scheduler scheduler, long maxRetryMs, Supplier<Future<Void>> restore,
      Function<Runnable, Future<Void>> receiptWriter, RecentlyRecorded recent) {
    this.destinationId = destinationId;
    this.deliver = deliver;
    this.receipts = receipts;
    this.deadLetters = deadLetters;
    this.scheduler = scheduler;
    this.maxRetryMs = maxRetryMs;
    this.restore = restore;
    this.receiptWriter = receiptWriter;
    this.recent = recent;
  }

  /** This instance now delivers the destination: what the store kept is reloaded first (another instance may have written it). */
  void assigned() {
    owned = true;
    restoring = true;
    long g = ++generation;
    restore.get().onComplete(ar -> scheduler.onLoop(() -> {
      if (g != generation) return;
      if (ar.failed()) LOG.warn("destination {}: reloading its state failed ({}); delivering with what is in memory", destinationId,
          ar.cause().getMessage());
      restoring = false;
      pump();
    }));
  }

  /** Another instance delivers it now (or the log is closing): what waits here is left to the log. */
  void revoked() {
    owned = false;
    generation++;
    waiting.clear();
    attempts.clear();
    retrying.clear();
    if (retryTimer >= 0) scheduler.cancel(retryTimer);
    retryTimer = -1;
    retryTimerAt = Long.MAX_VALUE;
    if (gatherTimer >= 0) scheduler.cancel(gatherTimer);
    gatherTimer = -1;
  }

  void entries(List<LogEntry> batch) {
    if (!owned) return;
    lastReadAt = scheduler.now();
    if (waiting.isEmpty()) gatheringSince = lastReadAt;
    waiting.addAll(batch);
    pump();
  }

  boolean owned() {
    return owned;
  }

  boolean busy() {
    return chunksInFlight > 0 || !waiting.isEmpty();
  }

  private void pump() {
    while (owned && !restoring && chunksInFlight < CHUNKS_IN_FLIGHT && !waiting.isEmpty()) {
      if (waiting.size() < CHUNK && stillGathering()) return;
      List<LogEntry> chunk = new ArrayList<>(Math.min(CHUNK, waiting.size()));
      while (chunk.size() < CHUNK && !waiting.isEmpty()) chunk.add(waiting.poll());
      send(chunk);
      gatheringSince = scheduler.now(); // what is left over starts its own wait
    }
  }

  /** Whether a part chunk should wait for more; if so, a timer looks again when the wait is over. */
  private boolean stillGathering() {
    long now = scheduler.now();
    long until = Math.min(lastReadAt + GATHER_QUIET_MS, gatheringSince + GATHER_MAX_MS);
    if (now >= until) return false;
    if (gatherTimer < 0) {
      gatherTimer = scheduler.schedule(until - now, () -> {
        gatherTimer = -1;
        pump();
      });
    }
    return true;
  }

  private void send(List<LogEntry> chunk) {
    List<LogEntry> readable = new ArrayList<>(chunk.size());
    List<Message> messages = new ArrayList<>(chunk.size());
    List<Premapped> premapped = new ArrayList<>(chunk.size());
    for (LogEntry e : chunk) {
      try {
        RecentlyRecorded.Recorded r = recent.readBack(e.payload());
        messages.add(r.message());
        premapped.add(r.premapped());
        readable.add(e);
      } catch (RuntimeException bad) {
        // written by this server, so this is a bug or a foreign record: kept for a person to look at, never lost
        LOG.error("destination {}: a recorded message cannot be read back ({}); kept as a dead letter", destinationId,
            bad.getMessage());
        deadLetters.add(new DeadLetter("unreadable-" + e.position(), "unknown", "UNREADABLE_RECORD", bad.getMessage(), 0,
            DeadLetters.iso(e.appendedAtMs()), DeadLetters.iso(scheduler.now()), "{}".getBytes()));
        e.done();
      }
    }
    if (readable.isEmpty()) return;
    chunksInFlight++;
    long g = generation;
    deliver.deliver(messages, premapped, CHUNK_TIMEOUT_MS).onComplete(ar -> scheduler.onLoop(() -> {
      if (g != generation) {
        chunksInFlight--;
        return; // revoked meanwhile: the next owner delivers what is not done
      }
      if (ar.failed()) {
        chunksInFlight--;
        LOG.error("destination {}: delivering recorded messages failed unexpectedly", destinationId, ar.cause());
        for (LogEntry e : readable) retryLater(e, null, 5_000, "the server failed to deliver it: " + ar.cause().getMessage());
        pump();
        return;
      }
      List<MessageResult> results = ar.result();
      // receipts first, then the log: an entry done is never left without its receipt
      receiptWriter.apply(() -> results.forEach(receipts::finished)).onComplete(written -> scheduler.onLoop(() -> {
        chunksInFlight--;
        if (g != generation) return;
        if (written.failed()) LOG.error("destination {}: writing receipts failed", destinationId, written.cause());
        for (int i = 0; i < readable.size(); i++) ended(readable.get(i), messages.get(i), results.get(i));
        pump();
      }));
    }));
  }

  private void ended(LogEntry e, Message m, MessageResult r) {
    if (r.isFinal()) {
      attempts.remove(e);
      e.done();
      return;
    }
    retryLater(e, m, r.pending().retryAfterMs(), r.pending().why());
  }

  /** Not final: after a backoff it goes again, until its retry window is over; then it is a dead letter. */
  private void retryLater(LogEntry e, Message m, long retryAfterMs, String why) {
    long now = scheduler.now();
    if (now - e.appendedAtMs() >= maxRetryMs) {
      attempts.remove(e);
      String id = m != null ? m.messageId() : "position-" + e.position();
      String type = m != null ? m.type() : "unknown";
      receipts.failed(id, type, "RETRY_WINDOW_OVER", why);
      var receipt = receipts.find(id);
      deadLetters.add(new DeadLetter(id, type, "RETRY_WINDOW_OVER", why, receipt == null ? 1 : receipt.attempts(),
          DeadLetters.iso(e.appendedAtMs()), DeadLetters.iso(now), e.payload()));
      LOG.warn("destination {}: message {} was not delivered within maxRetryHours ({}); kept as a dead letter", destinationId, id, why);
      e.done();
      return;
    }
    int attempt = attempts.merge(e, 1, Integer::sum);
    long backoff = Math.min(MAX_RETRY_WAIT_MS, 1_000L << Math.min(18, attempt - 1));
    long wait = Math.min(MAX_RETRY_WAIT_MS, Math.max(retryAfterMs, backoff));
    retrying.add(new Due(now + wait, e));
    wakeForRetries();
  }

  private void wakeForRetries() {
    Due soonest = retrying.peek();
    if (soonest == null || (retryTimer >= 0 && retryTimerAt <= soonest.at)) return;
    if (retryTimer >= 0) scheduler.cancel(retryTimer);
    retryTimerAt = soonest.at;
    retryTimer = scheduler.schedule(Math.max(1, soonest.at - scheduler.now()), () -> {
      retryTimer = -1;
      retryTimerAt = Long.MAX_VALUE;
      // everything due (within a moment) goes back together, ahead of what was read since
      long now = scheduler.now() + 100;
      List<LogEntry> due = new ArrayList<>();
      while (!retrying.isEmpty() && retrying.peek().at <= now) due.add(retrying.poll().entry);
      for (int i = due.size() - 1; i >= 0; i--) waiting.addFirst(due.get(i));
      wakeForRetries();
      pump();
    });
  }
}
