package io.hsdest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code benchmark/run [scenario...]}: runs the scenarios in sequence, prints each one's figures
 * and targets, then one summary table; also writes it as Markdown to the run directory. Exits 0
 * when every target held, 1 when one did not, 2 on a usage error.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) System.err.println("benchmark: " + e.getMessage());
      System.err.print(Options.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }
    for (String jar : List.of("hubspot-fake/target/hubspot-fake.jar", "destination-server/target/destination-server.jar")) {
      if (!Files.isRegularFile(o.repo.resolve(jar))) {
        System.err.println("benchmark: " + o.repo.resolve(jar) + " is missing; build first: mvn -B -q package -DskipTests");
        System.exit(2);
      }
    }
    Files.createDirectories(o.out);
    String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String commit = gitCommit(o.repo);
    System.out.println("benchmark: " + o.scenarios + ", seed " + o.seed + ", " + Runtime.getRuntime().availableProcessors()
        + " cores, commit " + commit + ", logs in " + o.out);
    Scenarios scenarios = new Scenarios(o);
    List<Result> results = new ArrayList<>();
    for (String name : o.scenarios) {
      if (!results.isEmpty()) settle();
      System.out.println();
      System.out.println("== " + name + " ==");
      long t0 = System.nanoTime();
      Result r = scenarios.run(name);
      results.add(r);
      print(r, (System.nanoTime() - t0) / 1e9);
    }
    String table = table(results);
    System.out.println();
    System.out.println(table);
    StringBuilder md = new StringBuilder("Run of " + started + ", commit " + commit + ", seed " + o.seed + ", "
        + Runtime.getRuntime().availableProcessors() + " cores\n\n" + table + "\n");
    for (Result r : results) md.append('\n').append(details(r));
    Files.writeString(o.out.resolve("summary.md"), md);
    deleteJarCopies(o.out.resolve("jars"));
    System.out.println("details and logs: " + o.out);
    System.exit(results.stream().allMatch(Result::passed) ? 0 : 1);
  }

  /** The repository's HEAD (with "+changes" when the work tree differs), for the record. */
  /**
   * Between scenarios: lets the previous scenario's HTTP client (its connections and selector thread
   * go only when it is collected; Java 17 has no HttpClient.close) and its garbage go, so that the
   * driver of the next scenario starts as it would alone.
   */
  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(5_000);
    System.gc();
  }

  private static String gitCommit(Path repo) {
    try {
      Process p = new ProcessBuilder("git", "-C", repo.toString(), "describe", "--always", "--dirty=+changes")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 ? out : "?";
    } catch (Exception e) {
      return "?";
    }
  }

  private static void deleteJarCopies(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) Files.deleteIfExists(f);
      Files.deleteIfExists(dir);
    } catch (java.io.IOException e) {
      // they are only copies
    }
  }

  private static void print(Result r, double seconds) {
    r.figures.forEach((k, v) -> System.out.println("  " + pad(k, 44) + v));
    for (Result.Check c : r.checks) {
      System.out.println("  " + (c.pass() ? "PASS " : "FAIL ") + c.target() + ": " + c.measured());
    }
    for (String n : r.notes) System.out.println("  note: " + n);
    if (r.error != null) System.out.println("  ERROR " + r.error);
    System.out.println("  -> " + r.verdict() + " (" + Scenarios.fmt(seconds) + " s)");
  }

  static String table(List<Result> results) {
    Set<String> columns = new LinkedHashSet<>();
    columns.add("scenario");
    for (Result r : results) columns.addAll(r.summary.keySet());
    columns.add("targets");
    List<List<String>> rows = new ArrayList<>();
    rows.add(new ArrayList<>(columns));
    for (Result r : results) {
      List<String> row = new ArrayList<>();
      for (String c : columns) {
        if (c.equals("scenario")) row.add(r.scenario);
        else if (c.equals("targets")) row.add(r.verdict() + targets(r));
        else row.add(r.summary.getOrDefault(c, "-"));
      }
      rows.add(row);
    }
    int[] w = new int[columns.size()];
    for (List<String> row : rows) for (int i = 0; i < row.size(); i++) w[i] = Math.max(w[i], row.get(i).length());
    StringBuilder b = new StringBuilder();
    for (int n = 0; n < rows.size(); n++) {
      b.append('|');
      for (int i = 0; i < w.length; i++) b.append(' ').append(pad(rows.get(n).get(i), w[i])).append(" |");
      b.append('\n');
      if (n == 0) {
        b.append('|');
        for (int x : w) b.append("-".repeat(x + 2)).append('|');
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static String targets(Result r) {
    long pass = r.checks.stream().filter(Result.Check::pass).count();
    return r.checks.isEmpty() ? "" : " (" + pass + "/" + r.checks.size() + ")";
  }

  private static String details(Result r) {
    StringBuilder b = new StringBuilder("### " + r.scenario + ": " + r.verdict() + "\n\n");
    r.figures.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
    for (Result.Check c : r.checks) b.append("- **").append(c.pass() ? "PASS" : "FAIL").append("** ").append(c.target())
        .append(": ").append(c.measured()).append('\n');
    for (String n : r.notes) b.append("- note: ").append(n).append('\n');
    if (r.error != null) b.append("- ERROR ").append(r.error).append('\n');
    return b.toString();
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s : s + " ".repeat(n - s.length());
  }
}
