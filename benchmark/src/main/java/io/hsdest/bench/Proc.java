package io.hsdest.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process the benchmark started (the fake or the server): its stdout's first matching
 * line, its log file, CPU time and memory read from /proc, and a stop that is also run by a
 * shutdown hook, so no child outlives the benchmark.
 */
final class Proc {
  private static final List<Proc> LIVE = new CopyOnWriteArrayList<>();
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Proc p : LIVE) p.process.destroyForcibly();
    }, "bench-children"));
  }

  final String name;
  final Process process;
  final Path log;
  private final CompletableFuture<String> firstLine = new CompletableFuture<>();

  private Proc(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Environment variables a child must not inherit from the shell (they would override its config). */
  private static final Set<String> SCRUB = Set.of("PORT", "HOST", "HUBSPOT_ACCESS_TOKEN", "HUBSPOT_PORTAL_ID",
      "HUBSPOT_BASE_URL", "WRITE_KEYS", "DESTINATION_CONFIG", "ADMIN_TOKEN", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

  /**
   * Starts {@code command}; stdout and stderr both go to {@code log} (appended), and the first
   * stdout line matching {@code ready} completes {@link #awaitLine}.
   */
  static Proc start(String name, List<String> command, Map<String, String> env, Path workDir, Path log,
      Predicate<String> ready) throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeAll(SCRUB);
    pb.environment().putAll(env);
    Process process = pb.start();
    Proc p = new Proc(name, process, log);
    LIVE.add(p);
    Thread pump = new Thread(() -> p.pump(ready), name + "-output");
    pump.setDaemon(true);
    pump.start();
    return p;
  }

  private void pump(Predicate<String> ready) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
             java.nio.file.StandardOpenOption.APPEND)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!firstLine.isDone() && ready.test(line)) firstLine.complete(line);
        out.write(line);
        out.newLine();
        out.flush();
      }
    } catch (IOException e) {
      // the process is gone
    } finally {
      firstLine.completeExceptionally(new IllegalStateException(name + " exited before it was ready (exit "
          + (process.isAlive() ? "?" : process.exitValue()) + "); see " + log));
    }
  }

  /** The ready line, or an exception naming the log when the process died or took too long. */
  String awaitLine(long timeoutMs) throws Exception {
    try {
      return firstLine.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(name + " printed no start-up line within " + timeoutMs / 1000 + " s; see " + log);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM, then SIGKILL if it has not stopped within {@code graceMs}. */
  void stop(long graceMs) {
    process.destroy();
    try {
      if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    LIVE.remove(this);
  }

  /** kill -9: no shutdown hook, no flush, nothing. */
  void kill9() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    process.waitFor(10, TimeUnit.SECONDS);
    LIVE.remove(this);
  }

  // ---------------------------------------------------------------- /proc readings

  /** User + system CPU time of the process so far, in ms (0 once it is gone). */
  long cpuMs() {
    return cpuMs(pid());
  }

  static long cpuMs(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after "(comm)": state is f[0]; utime is field 14 of the whole line = f[11], stime = f[12]
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** A field of /proc/PID/status in kB (VmRSS, VmHWM), or -1. */
  long statusKb(String field) {
    return statusKb(pid(), field);
  }

  static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return -1;
  }

  /** The last {@code n} lines of the log, for a failure message. */
  List<String> tail(int n) {
    try {
      List<String> all = Files.readAllLines(log);
      return new ArrayList<>(all.subList(Math.max(0, all.size() - n), all.size()));
    } catch (IOException e) {
      return List.of();
    }
  }
}
