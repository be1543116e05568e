package io.hsdest.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as a real process, as operators run it ({@code java ... io.hsdest.Main}), started in a
 * directory of the test's own (its default data directory is {@code ./data}), so a test can
 * {@code kill -9} it: no shutdown hook runs, nothing is flushed on the way out.
 *
 * @param port from its start-up line, or -1 when it did not start (see {@link #output})
 */
public record ServerProcess(Process process, int port, String line, StringBuilder output) {
  private static final Pattern LISTEN = Pattern.compile("listening on http://[^:]+:(\\d+) with (.*)");

  /** Starts the server in {@code directory} with these environment variables and arguments; waits for its start-up line. */
  public static ServerProcess launch(Path directory, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.hsdest.Main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(directory.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    StringBuilder output = new StringBuilder();
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          synchronized (output) {
            output.append(l).append('\n');
          }
          if (LISTEN.matcher(l).find()) line.complete(l);
        }
        line.complete(null);
      } catch (IOException e) {
        line.complete(null);
      }
    });
    reader.setDaemon(true);
    reader.start();
    String l = line.get(90, TimeUnit.SECONDS);
    if (l == null) return new ServerProcess(p, -1, null, output);
    Matcher m = LISTEN.matcher(l);
    m.find();
    return new ServerProcess(p, Integer.parseInt(m.group(1)), l, output);
  }

  /** {@code kill -9}. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }
}
