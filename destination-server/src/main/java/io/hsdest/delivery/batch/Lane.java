package io.hsdest.delivery.batch;

import io.hsdest.hubspot.Endpoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The queue of one HubSpot endpoint (and id property, list, association type) in one portal.
 * Waiting inputs are kept by record, so that later writes to the same record merge into them, and
 * in send order: a queue of inputs that may go now, and the inputs waiting out a retry delay. A
 * record with a call in flight takes no second call: later operations for it wait and join the next.
 *
 * <p>Every operation here is O(1) or O(batch): the pump asks every lane often, whatever its length.
 */
public final class Lane<T extends Queued> {
  /**
   * Full batches beyond this many are sent at once, without waiting for the batch delay: only a
   * real backlog has no reason to wait for more arrivals.
   */
  static final int BACKLOG_BATCHES = 10;

  /**
   * The most a batch waits past the batch delay for operations still on their way (when the step
   * they wait for is slow, held by a rate limit, or failing).
   */
  static final long HOLD_LIMIT_MS = 1_000;

  final String key;
  final Endpoint endpoint;
  final int maxInputs;
  /** What the lane does: the operations on their way to it that a batch may hold for ({@link Feeders}). */
  final Feeders.Category category;
  /** Work parked behind a call in flight for its record is on its way here: batches of its cohort wait for it. */
  private final Feeders feeders;
  private long pausedUntil;
  /** Why HubSpot refuses this endpoint to the token (403, a scope it lacks), while it does; else null. */
  private String refusedWhy;
  /** Every input waiting here (not in flight), by record. */
  private final Map<String, Input<T>> waiting = new HashMap<>();
  /**
   * Inputs that may go now, oldest first (a retried input keeps its place: it waited longest);
   * entries whose input left the lane are skipped when they come up.
   */
  private final PriorityQueue<Input<T>> sendable =
      new PriorityQueue<>(Comparator.comparingLong((Input<T> in) -> in.queuedAt).thenComparingLong(in -> in.seq));
  private long sequence;
  private final PriorityQueue<Input<T>> delayed = new PriorityQueue<>(Comparator.comparingLong((Input<T> in) -> in.notBefore));
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, ArrayDeque<T>> waitingForRecord = new HashMap<>();
  /** Once the oldest input has waited the batch delay, everything queued until then goes (in full batches). */
  private long drainMark = Long.MIN_VALUE;

  Lane(String key, Endpoint endpoint, Feeders feeders) {
    this.key = key;
    this.endpoint = endpoint;
    this.feeders = feeders;
    this.maxInputs = BatchLimits.maxInputs(endpoint);
    this.category = Feeders.Category.of(endpoint);
  }

  public String key() {
    return key;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** Queues an operation: merged into the record's waiting input, behind its call in flight, or as a new input. */
  public void offer(T task, long now) {
    String record = task.op().recordKey();
    if (inFlight.contains(record)) {
      waitingForRecord.computeIfAbsent(record, r -> new ArrayDeque<>()).add(task);
      task.queuedIn(null);
      feeders.start(task, category);
      return;
    }
    Input<T> existing = waiting.get(record);
    boolean mergeable = task.mergeable();
    if (existing != null && existing.mergeable && mergeable) {
      existing.members.add(task);
      existing.cohortAt = Math.min(existing.cohortAt, task.admittedAt(now));
    } else {
      long seq = sequence++;
      // a write that must go on its own waits beside the record's input, under a key of its own
      if (existing != null) record = record + "#" + seq;
      existing = new Input<>(this, record, mergeable, now);
      existing.cohortAt = task.admittedAt(now);
      existing.seq = seq;
      existing.members.add(task);
      waiting.put(record, existing);
      sendable.add(existing);
    }
    task.queuedIn(existing);
  }

  /** Puts an input back to go at {@code notBefore}; writes that waited for its record join it. */
  public void requeue(Input<T> input, long notBefore, long now) {
    input.notBefore = notBefore;
    input.settled = true;
    inFlight.remove(input.recordKey);
    if (!input.hasLiveMember()) {
      releaseWaiting(input.recordKey, now);
      return;
    }
    Input<T> newer = waiting.put(input.recordKey, input);
    if (newer != null && newer != input) {
      for (T t : newer.members) {
        input.members.add(t);
        t.queuedIn(input);
      }
    }
    for (T t : input.members) if (t.live()) t.queuedIn(input);
    if (input.notBefore > now) delayed.add(input);
    else sendable.add(input);
    releaseWaiting(input.recordKey, now);
  }

  /** The call for this input is over; operations that waited for the record may go. */
  public void finished(Input<T> input, long now) {
    input.settled = true;
    inFlight.remove(input.recordKey);
    releaseWaiting(input.recordKey, now);
  }

  private void releaseWaiting(String record, long now) {
    ArrayDeque<T> blocked = waitingForRecord.remove(record);
    if (blocked == null) return;
    for (T t : blocked) {
      feeders.end(t);
      if (t.live()) offer(t, now);
    }
  }

  /** The input to send next: retries whose delay is over rejoin; entries of inputs that left are dropped. */
  private Input<T> head(long now) {
    while (!delayed.isEmpty() && delayed.peek().notBefore <= now) {
      Input<T> in = delayed.poll();
      if (waiting.get(in.recordKey) == in) sendable.add(in);
    }
    while (!sendable.isEmpty()) {
      Input<T> in = sendable.peek();
      if (waiting.get(in.recordKey) == in && in.notBefore <= now) return in;
      sendable.poll();
    }
    return null;
  }

  /**
   * Whether to send now: the oldest waiting input has waited the batch delay ({@code maxBatchDelayMs}),
   * or a backlog of many full batches has built up. A full batch does not go early on its own:
   * concurrent requests about the same users then share calls instead of queuing behind a call
   * in flight for the same record (two writes to one record are never in flight together).
   *
   * <p>Past the batch delay, the batch still waits (up to {@link #HOLD_LIMIT_MS}) while operations of
   * requests taken within the batch delay of its oldest one are on their way here: they could not
   * have joined earlier, as they waited for another step (see {@link Feeders}).
   */
  boolean due(long now, long lingerMs, Feeders feeders) {
    if (now < pausedUntil) return false;
    Input<T> head = head(now);
    if (head == null) return false;
    if (head.queuedAt <= drainMark) return true;
    boolean backlog = sendable.size() >= (long) head.batchLimit * BACKLOG_BATCHES;
    if (backlog || (now - head.queuedAt >= lingerMs && !holding(head, now, lingerMs, feeders))) {
      drainMark = now;
      return true;
    }
    return false;
  }

  private boolean holding(Input<T> head, long now, long lingerMs, Feeders feeders) {
    return lingerMs > 0 && now - head.queuedAt < HOLD_LIMIT_MS && feeders.anyUpTo(category, head.cohortAt + lingerMs);
  }

  /** When this lane next becomes due, or Long.MAX_VALUE (arrivals of held-for operations pump at once). */
  long nextDue(long now, long lingerMs, Feeders feeders) {
    long next = Long.MAX_VALUE;
    Input<T> head = head(now);
    if (head != null) {
      next = head.queuedAt + lingerMs;
      if (next <= now && holding(head, now, lingerMs, feeders)) next = head.queuedAt + HOLD_LIMIT_MS;
    }
    if (!delayed.isEmpty()) next = Math.min(next, delayed.peek().notBefore);
    return Math.max(next, pausedUntil);
  }

  /** Takes the next batch from the front: at most the first input's batch limit (smaller after a split). */
  List<Input<T>> take(long now) {
    List<Input<T>> batch = new ArrayList<>();
    int limit = Integer.MAX_VALUE;
    for (Input<T> in = head(now); in != null && batch.size() < limit; in = head(now)) {
      if (!in.hasLiveMember()) {
        sendable.poll();
        waiting.remove(in.recordKey);
        continue;
      }
      if (batch.isEmpty()) limit = Math.min(maxInputs, in.batchLimit);
      else if (in.batchLimit < limit || !BatchLimits.fits(endpoint, batch, in)) break;
      sendable.poll();
      waiting.remove(in.recordKey);
      inFlight.add(in.recordKey);
      in.settled = false;
      batch.add(in);
    }
    return batch;
  }

  /** Removes withdrawn work; an input left with no members leaves the lane. */
  public void withdraw(T task, Input<T> in) {
    if (in == null) return;
    in.members.remove(task);
    if (in.members.isEmpty() && waiting.get(in.recordKey) == in) waiting.remove(in.recordKey);
  }

  /** HubSpot asked this lane alone to wait (a 429 on an endpoint exempt from the token's limit). */
  public void pauseUntil(long until) {
    pausedUntil = Math.max(pausedUntil, until);
  }

  /** HubSpot refuses this endpoint to the token (403) until {@code until}: it is tried again then. */
  public void refuse(String why, long until) {
    refusedWhy = why;
    pauseUntil(until);
  }

  /** HubSpot took a call of this lane: whatever it refused before, it takes now. */
  public void accepted() {
    refusedWhy = null;
  }

  public long pausedUntil() {
    return pausedUntil;
  }

  /** Why HubSpot refuses this lane's endpoint to the token, or null. */
  public String refusedWhy() {
    return refusedWhy;
  }

  public int size() {
    return waiting.size();
  }

  public boolean isEmpty() {
    return waiting.isEmpty();
  }
}
