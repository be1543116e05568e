package io.hsdest.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** A {@link LogReader} for tests: records what it is told and lets the test wait for it (no sleeps). */
class RecordingReader implements LogReader {
  private final Map<String, List<LogEntry>> entries = new HashMap<>();
  private final Map<String, Integer> batches = new HashMap<>();
  private final Set<String> owned = new LinkedHashSet<>();
  private final List<String> events = new ArrayList<>();
  private final Map<String, Integer> maxNotDone = new HashMap<>();
  private final Map<String, Set<Long>> doneHere = new HashMap<>();
  private final Map<LogEntry, String> owners = new java.util.IdentityHashMap<>();
  private final boolean autoDone;

  RecordingReader(boolean autoDone) {
    this.autoDone = autoDone;
  }

  @Override
  public synchronized void assigned(String destinationId) {
    owned.add(destinationId);
    events.add("assigned " + destinationId);
    notifyAll();
  }

  @Override
  public synchronized void revoked(String destinationId) {
    owned.remove(destinationId);
    events.add("revoked " + destinationId);
    notifyAll();
  }

  @Override
  public void entries(String destinationId, List<LogEntry> batch) {
    synchronized (this) {
      if (!owned.contains(destinationId)) throw new AssertionError("entries of " + destinationId + " before assigned");
      entries.computeIfAbsent(destinationId, k -> new ArrayList<>()).addAll(batch);
      for (LogEntry e : batch) owners.put(e, destinationId);
      batches.merge(destinationId, 1, Integer::sum);
      int outstanding = notDone(destinationId);
      maxNotDone.merge(destinationId, outstanding, Math::max);
      notifyAll();
    }
    if (autoDone) batch.forEach(this::done);
  }

  /** Marks an entry done and remembers it. */
  void done(LogEntry e) {
    String dest = destinationOf(e);
    synchronized (this) {
      doneHere.computeIfAbsent(dest, k -> new java.util.HashSet<>()).add(e.position());
    }
    e.done();
  }

  private synchronized String destinationOf(LogEntry e) {
    String d = owners.get(e);
    if (d == null) throw new AssertionError("unknown entry");
    return d;
  }

  synchronized int notDone(String dest) {
    Set<Long> done = doneHere.getOrDefault(dest, Set.of());
    int n = 0;
    for (LogEntry e : entries.getOrDefault(dest, List.of())) if (!done.contains(e.position())) n++;
    return n;
  }

  synchronized List<LogEntry> notDoneEntries(String dest) {
    Set<Long> done = doneHere.getOrDefault(dest, Set.of());
    return entries.getOrDefault(dest, List.of()).stream().filter(e -> !done.contains(e.position())).toList();
  }

  synchronized List<LogEntry> entries(String dest) {
    return List.copyOf(entries.getOrDefault(dest, List.of()));
  }

  synchronized List<String> payloads(String dest) {
    List<String> out = new ArrayList<>();
    for (LogEntry e : entries.getOrDefault(dest, List.of())) out.add(new String(e.payload(), StandardCharsets.UTF_8));
    return out;
  }

  synchronized int batchCount(String dest) {
    return batches.getOrDefault(dest, 0);
  }

  synchronized int maxNotDone(String dest) {
    return maxNotDone.getOrDefault(dest, 0);
  }

  synchronized Set<String> owned() {
    return Set.copyOf(owned);
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  /** Waits until {@code condition} holds, at most {@code seconds}; fails naming what was seen. */
  synchronized void await(Predicate<RecordingReader> condition, int seconds, String what) throws InterruptedException {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.test(this)) {
      long left = until - System.nanoTime();
      if (left <= 0) throw new AssertionError("timed out waiting for " + what + "; events " + events + ", counts " + counts());
      wait(Math.max(1, left / 1_000_000));
    }
  }

  void awaitCount(String dest, int n, int seconds) throws InterruptedException {
    await(r -> r.entries(dest).size() >= n, seconds, n + " entries of " + dest);
  }

  private Map<String, Integer> counts() {
    Map<String, Integer> c = new HashMap<>();
    entries.forEach((k, v) -> c.put(k, v.size()));
    return c;
  }
}
