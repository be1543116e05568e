package io.hsdest.testkit;

import io.hsdest.clock.Scheduler;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A {@link Scheduler} in virtual time, driven by the test's own thread: tasks run in order, and
 * when none is ready the clock jumps to the next timer. A ten-second rate-limit pause takes no real
 * time, and what happens is the same on every run. Not thread-safe: use it from the test thread.
 */
public final class VirtualScheduler implements Scheduler {
  /** 2026-01-01T00:00:00Z: far from the epoch, as real times are. */
  public static final long START = 1_767_225_600_000L;

  private record Timer(long id, long at, Runnable task) {}

  private long now;
  private long nextId = 1;
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.id, b.id));
  private final Map<Long, Timer> byId = new HashMap<>();

  public VirtualScheduler() {
    this(START);
  }

  public VirtualScheduler(long start) {
    this.now = start;
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public void execute(Runnable task) {
    ready.add(task);
  }

  @Override
  public long schedule(long delayMs, Runnable task) {
    Timer t = new Timer(nextId++, now + Math.max(0, delayMs), task);
    timers.add(t);
    byId.put(t.id, t);
    return t.id;
  }

  @Override
  public void cancel(long id) {
    Timer t = byId.remove(id);
    if (t != null) timers.remove(t);
  }

  @Override
  public boolean onLoop() {
    return true;
  }

  /**
   * Runs tasks, moving the clock to each next timer when nothing is ready, until {@code done} holds.
   * Fails when nothing is left to run and it still does not hold, or after {@code maxVirtualMs}.
   */
  public void runUntil(BooleanSupplier done, long maxVirtualMs) {
    long limit = now + maxVirtualMs;
    while (!done.getAsBoolean()) {
      if (!step(limit)) throw new AssertionError("nothing left to run at " + (now - START) + " ms of virtual time, and still not done");
    }
  }

  /** Runs everything due within the next {@code ms} of virtual time, and moves the clock there. */
  public void advance(long ms) {
    long until = now + ms;
    while (step(until)) {
      // keep going
    }
    now = Math.max(now, until);
  }

  /** Runs one ready task, or the next timer due by {@code limit}; false when there is none. */
  private boolean step(long limit) {
    Runnable r = ready.poll();
    if (r != null) {
      r.run();
      return true;
    }
    Timer t = timers.peek();
    if (t == null || t.at > limit) return false;
    timers.poll();
    byId.remove(t.id);
    now = Math.max(now, t.at);
    t.task.run();
    return true;
  }

  /** Milliseconds of virtual time since the start. */
  public long elapsed() {
    return now - START;
  }
}
