package io.hsdest.delivery.batch;

import io.hsdest.hubspot.Endpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lanes of one portal, one per endpoint and lane name ({@link io.hsdest.mapping.op.Operation#lane}),
 * and the pump: which lanes send a batch now, a pure function of the time, the budget and what waits.
 */
public final class Lanes<T extends Queued> {
  private final Map<String, Lane<T>> lanes = new LinkedHashMap<>();
  private final Feeders feeders = new Feeders();

  /** A batch the pump decided to send, its budget slot already taken. */
  public record Dispatch<T extends Queued>(Lane<T> lane, List<Input<T>> batch) {}

  /** What the pump decided: the batches to send now, and when to look again (Long.MAX_VALUE: when something changes). */
  public record Pumped<T extends Queued>(List<Dispatch<T>> batches, long nextAt) {}

  /** Asks whether a call of this endpoint may go now: 0 (its slot is then taken) or how long to wait. */
  public interface Slots {
    long acquire(Endpoint endpoint, long now);

    void cancel(Endpoint endpoint);
  }

  public Feeders feeders() {
    return feeders;
  }

  /** The lane this work goes to (created when missing). */
  public Lane<T> laneOf(T task) {
    var op = task.op();
    String key = op.endpoint().name() + ":" + op.lane();
    return lanes.computeIfAbsent(key, k -> new Lane<>(k, op.endpoint(), feeders));
  }

  /** Queues the work in its lane: it is no longer on its way. */
  public void offer(T task, long now) {
    feeders.end(task);
    laneOf(task).offer(task, now);
  }

  public Collection<Lane<T>> all() {
    return lanes.values();
  }

  /** Inputs waiting in lanes of this endpoint. */
  public int waiting(Endpoint endpoint) {
    int n = 0;
    for (Lane<T> l : lanes.values()) if (l.endpoint == endpoint) n += l.size();
    return n;
  }

  /**
   * The pump: every lane that is due sends batches while calls may be in flight and the budget
   * allows, each batch's budget slot taken before it goes.
   *
   * @param room how many more calls may be in flight
   * @param lingerMs how long an operation may wait for others to share its call (0 while draining)
   * @param searchLingerMs how long a company search waits to fill, when longer (not while draining)
   */
  public Pumped<T> pump(long now, int room, long lingerMs, long searchLingerMs, Slots slots) {
    List<Dispatch<T>> out = new ArrayList<>();
    long next = Long.MAX_VALUE;
    boolean progress = true;
    while (progress && out.size() < room) {
      progress = false;
      for (Lane<T> lane : lanes.values()) {
        if (out.size() >= room) break;
        if (lane.isEmpty()) continue;
        long linger = lane.endpoint == Endpoint.COMPANIES_SEARCH && lingerMs > 0 ? Math.max(lingerMs, searchLingerMs) : lingerMs;
        if (!lane.due(now, linger, feeders)) {
          next = Math.min(next, lane.nextDue(now, linger, feeders));
          continue;
        }
        long wait = slots.acquire(lane.endpoint, now);
        if (wait > 0) {
          next = Math.min(next, now + wait);
          continue;
        }
        List<Input<T>> batch = lane.take(now);
        if (batch.isEmpty()) {
          slots.cancel(lane.endpoint);
          continue;
        }
        out.add(new Dispatch<>(lane, batch));
        progress = true;
      }
    }
    // with no room left, an answer pumps again
    return new Pumped<>(out, out.size() >= room ? Long.MAX_VALUE : next);
  }
}
