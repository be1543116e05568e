package io.hsdest.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's {@code postgresql} package (installed by {@code .ci/run}), a new
 * cluster in a temporary directory, on a free loopback port, with password authentication over TCP. PostgreSQL
 * refuses to run as root, so as root (CI, this machine) initdb and postgres run as the {@code postgres} user
 * through {@code setpriv}. {@link #close()} stops it and deletes the directory.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "postgres";

  private final Process process;
  private final Path dir;
  private final int port;
  private final String password;

  private PostgresServer(Process process, Path dir, int port, String password) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.password = password;
  }

  /** Starts a fresh server whose user {@link #USER} has this password (required over TCP). */
  public static PostgresServer start(String password) {
    Path bin = binaries();
    try {
      Path dir = Files.createTempDirectory("hsdest-pg");
      Path data = dir.resolve("data");
      Path pwfile = dir.resolve("pwfile");
      Files.writeString(pwfile, password + "\n");
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal pg = users.lookupPrincipalByName(USER);
        GroupPrincipal group = users.lookupPrincipalByGroupName(USER);
        for (Path p : List.of(dir, pwfile)) {
          Files.setOwner(p, pg);
          Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(group);
        }
      }
      run(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-E", "UTF8",
          "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile, "--no-sync"), dir);
      int port = freePort();
      List<String> postgres = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
          "-p", Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
          "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
      Process p = new ProcessBuilder(asUser(root, postgres)).redirectErrorStream(true)
          .redirectOutput(dir.resolve("postgres.log").toFile()).start();
      PostgresServer server = new PostgresServer(p, dir, port, password);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  /** Where Debian puts the server binaries: {@code /usr/lib/postgresql/<major>/bin}, the newest major. */
  static Path binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> majors = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
      return majors.map(m -> m.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElseThrow(() -> new IllegalStateException("PostgreSQL is needed for the warehouse tests and was not found"
              + " under /usr/lib/postgresql/<version>/bin. Install Debian's package (apt-get install -y postgresql),"
              + " as .ci/run does (destination-server/scripts/ensure-postgresql.sh)."));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> asUser(boolean root, List<String> command) {
    if (!root) return command;
    List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups", "--"));
    c.addAll(command);
    return c;
  }

  private static void run(boolean root, List<String> command, Path dir) throws IOException {
    Path log = dir.resolve("initdb.log");
    Process p = new ProcessBuilder(asUser(root, command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("initdb failed: " + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls until the server accepts a connection (a separate process: nothing to wait on but trying). */
  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) break;
      try (Connection c = connect()) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    String log;
    try {
      log = Files.readString(dir.resolve("postgres.log"));
    } catch (IOException e) {
      log = "(no log)";
    }
    close();
    throw new IllegalStateException("PostgreSQL did not start: " + (last == null ? "" : last.getMessage()) + "\n" + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: PostgreSQL's smart shutdown
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans it eventually
    }
  }
}
