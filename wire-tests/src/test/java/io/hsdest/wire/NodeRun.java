package io.hsdest.wire;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the Node scripts (or any command) with the machine's Node, output to files so a chatty child
 * never blocks, killed with its children on timeout. The scripts in {@code node/} print a JSON report as
 * their last stdout line; {@link #report()} parses it.
 */
record NodeRun(List<String> command, int exitCode, String stdout, String stderr, long millis) {

  static Path nodeDir() {
    return Path.of(System.getProperty("wire.node.dir", "node")).toAbsolutePath().normalize();
  }

  static Path jsSnippetDir() {
    return Path.of(System.getProperty("wire.js-snippet.dir", "../js-snippet")).toAbsolutePath().normalize();
  }

  static String node() {
    return System.getProperty("wire.node", "node");
  }

  /** {@code node <script> args...} in {@code node/}. */
  static NodeRun script(String script, Duration timeout, String... args) {
    Path dir = nodeDir();
    if (!Files.isDirectory(dir.resolve("node_modules"))) {
      throw new IllegalStateException(dir.resolve("node_modules") + " is missing: run `npm ci` in " + dir
          + " (the Maven build does it before the tests)");
    }
    List<String> cmd = new ArrayList<>(List.of(node(), script));
    cmd.addAll(List.of(args));
    return run(dir, timeout, cmd);
  }

  static NodeRun run(Path dir, Duration timeout, List<String> cmd) {
    try {
      Path logs = Files.createDirectories(WireServer.workDir().resolve("processes"));
      String stem = cmd.size() > 1 ? new File(cmd.get(1)).getName().replaceAll("[^\\w.-]", "_") : "run";
      Path out = Files.createTempFile(logs, stem + "-", ".out");
      Path err = Files.createTempFile(logs, stem + "-", ".err");
      long start = System.nanoTime();
      Process p = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      String stdout = Files.readString(out);
      String stderr = Files.readString(err);
      if (!done) {
        throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout
            + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return new NodeRun(List.copyOf(cmd), p.exitValue(), stdout, stderr, ms);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + cmd + " (is Node 20+ on the PATH?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + cmd, e);
    }
  }

  /** The JSON report on the last non-empty stdout line. */
  JsonObject report() {
    String[] lines = stdout.strip().split("\n");
    String last = lines.length == 0 ? "" : lines[lines.length - 1];
    try {
      return new JsonObject(last);
    } catch (DecodeException e) {
      throw new AssertionError("no JSON report from " + String.join(" ", command) + " (exit " + exitCode + ")\nstdout:\n"
          + stdout + "\nstderr:\n" + stderr);
    }
  }

  /** For assertion messages. */
  String describe() {
    return String.join(" ", command) + " -> exit " + exitCode + " in " + millis + " ms\nstdout:\n" + stdout
        + "\nstderr:\n" + stderr;
  }
}
