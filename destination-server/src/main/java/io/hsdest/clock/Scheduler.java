package io.hsdest.clock;

/**
 * Time and turns for code confined to one event loop: what time it is, run this soon (never
 * inside the caller's turn), run that later. Delivery takes one instead of reading the wall clock
 * and setting Vert.x timers itself, so that tests drive it in virtual time: a 10-second rate-limit
 * pause then takes no real time, and a test never sleeps.
 */
public interface Scheduler {
  /** Milliseconds since the epoch, as this scheduler sees them. */
  long now();

  /** Runs the task on this scheduler's loop, after the current task. */
  void execute(Runnable task);

  /** Runs the task on this scheduler's loop once {@code delayMs} have passed; returns an id for {@link #cancel}. */
  long schedule(long delayMs, Runnable task);

  void cancel(long id);

  /** Whether the caller is on this scheduler's loop (then state it confines may be touched directly). */
  boolean onLoop();

  /** Runs the task on the loop: at once when already there, else as soon as the loop can. */
  default void onLoop(Runnable task) {
    if (onLoop()) task.run();
    else execute(task);
  }
}
