package io.hsdest.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queue of one HubSpot endpoint (and id property) in one portal. Ready inputs wait here, in
 * arrival order, keyed by record so that later writes to the same record merge into them. A record
 * with a call in flight takes no second call: later operations for it wait and join the next one.
 */
final class Lane {
  final String key;
  final LaneKind kind;
  final LinkedHashMap<String, Input> ready = new LinkedHashMap<>();
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, ArrayDeque<OpTask>> waitingForRecord = new HashMap<>();
  long pausedUntil;
  /**
   * Full batches beyond this many are sent at once, without waiting for the batch delay: only a
   * real backlog has no reason to wait for more arrivals.
   */
  static final int BACKLOG_BATCHES = 10;
  /** Once the oldest input has waited the batch delay, everything queued until then goes (in full batches). */
  private long drainMark = Long.MIN_VALUE;

  Lane(String key, LaneKind kind) {
    this.key = key;
    this.kind = kind;
  }

  /** Queues an operation: merged into the record's waiting input, behind its call in flight, or as a new input. */
  void offer(OpTask task, long now) {
    String record = kind.recordKey(task);
    if (inFlight.contains(record)) {
      waitingForRecord.computeIfAbsent(record, r -> new ArrayDeque<>()).add(task);
      task.state = OpTask.State.QUEUED;
      return;
    }
    Input existing = ready.get(record);
    boolean mergeable = !task.followUp;
    if (existing != null && existing.mergeable && mergeable) {
      existing.members.add(task);
    } else {
      if (existing != null) record = record + "#" + System.identityHashCode(task);
      existing = new Input(this, record, mergeable, now);
      existing.members.add(task);
      ready.put(record, existing);
    }
    task.input = existing;
    task.state = OpTask.State.QUEUED;
  }

  /** Puts an input back (a retry); it keeps its members and merges with nothing new. */
  void requeue(Input input) {
    inFlight.remove(input.recordKey);
    Input newer = ready.remove(input.recordKey);
    ready.put(input.recordKey, input);
    if (newer != null) {
      for (OpTask t : newer.members) {
        input.members.add(t);
        t.input = input;
      }
    }
    for (OpTask t : input.members) if (t.live()) t.state = OpTask.State.QUEUED;
    releaseWaiting(input.recordKey, input.queuedAt);
  }

  /** The call for this input is over; operations that waited for the record may go. */
  void finished(Input input, long now) {
    inFlight.remove(input.recordKey);
    releaseWaiting(input.recordKey, now);
  }

  private void releaseWaiting(String record, long now) {
    ArrayDeque<OpTask> waiting = waitingForRecord.remove(record);
    if (waiting == null) return;
    for (OpTask t : waiting) if (t.live()) offer(t, now);
  }

  /**
   * Whether to send now: the oldest waiting input has waited the batch delay ({@code maxBatchDelayMs}),
   * or a backlog of many full batches has built up. A full batch does not go early on its own:
   * concurrent requests about the same users then share calls instead of queuing behind a call
   * in flight for the same record (two writes to one record are never in flight together).
   */
  boolean due(long now, long lingerMs) {
    if (now < pausedUntil) return false;
    int count = 0;
    for (Input in : ready.values()) {
      if (in.notBefore > now) continue;
      if (in.queuedAt <= drainMark) return true;
      if (now - in.queuedAt >= lingerMs || ++count >= (long) in.batchLimit * BACKLOG_BATCHES) {
        drainMark = now;
        return true;
      }
    }
    return false;
  }

  /** When this lane next becomes due, or Long.MAX_VALUE. */
  long nextDue(long now, long lingerMs) {
    long next = Long.MAX_VALUE;
    for (Input in : ready.values()) next = Math.min(next, Math.max(in.notBefore, in.queuedAt + lingerMs));
    return Math.max(next, pausedUntil);
  }

  /** Takes the next batch: inputs ready now, at most the first one's batch limit. */
  List<Input> take(long now) {
    List<Input> batch = new ArrayList<>();
    int limit = Integer.MAX_VALUE;
    Iterator<Input> it = ready.values().iterator();
    while (it.hasNext() && batch.size() < limit) {
      Input in = it.next();
      if (in.notBefore > now) continue;
      if (in.liveMembers().isEmpty()) {
        it.remove();
        continue;
      }
      if (batch.isEmpty()) limit = Math.min(kind.maxInputs(), in.batchLimit);
      else if (in.batchLimit < limit) continue;
      it.remove();
      inFlight.add(in.recordKey);
      in.settled = false;
      batch.add(in);
    }
    return batch;
  }

  /** Removes a withdrawn operation; an input left with no members is dropped. */
  void withdraw(OpTask task) {
    Input in = task.input;
    if (in == null) return;
    in.members.remove(task);
    if (in.members.isEmpty() && ready.get(in.recordKey) == in) ready.remove(in.recordKey);
  }

  int readyCount() {
    return ready.size();
  }

  boolean idle() {
    return ready.isEmpty() && inFlight.isEmpty() && waitingForRecord.isEmpty();
  }
}
