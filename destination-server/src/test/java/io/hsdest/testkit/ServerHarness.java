package io.hsdest.testkit;

import io.hsdest.Server;
import io.hsdest.config.ConfigLoader;
import io.hsdest.config.Configuration;
import io.hsdest.settings.SettingsSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server, started in-process on a free port from environment variables (and optionally a
 * config file), with a plain JDK HTTP client to talk to it as any client would.
 */
public final class ServerHarness implements AutoCloseable {
  public final Server server;
  public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final Path dataDir;

  private ServerHarness(Server server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
  }

  /** Starts with these environment variables (PORT defaults to 0, a temporary data dir is used). */
  public static ServerHarness start(Map<String, String> env) {
    return start(env, null);
  }

  /** Starts with a config file holding {@code configJson} (may be null) plus these environment variables. */
  public static ServerHarness start(Map<String, String> env, String configJson) {
    try {
      return start(env, configJson, Files.createTempDirectory("hsdest-test"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts on the data directory {@code dir} (another server's, after it stopped: what it kept is read). */
  public static ServerHarness start(Map<String, String> env, String configJson, Path dir) {
    try {
      Map<String, String> all = new HashMap<>(env);
      all.putIfAbsent("PORT", "0");
      all.putIfAbsent("HOST", "127.0.0.1");
      List<String> args = new ArrayList<>();
      if (configJson != null) {
        Path file = dir.resolve("destinations.json");
        Files.writeString(file, configJson.replace("${dataDir}", dir.toString().replace("\\", "/")));
        args.add("--config");
        args.add(file.toString());
      }
      Configuration config = new ConfigLoader(SettingsSchema.load()).load(args, all);
      if (configJson == null || !configJson.contains("dataDir")) {
        config = new Configuration(withDataDir(config, dir), config.destinations(), config.source());
      }
      Server server = Server.start(config, null).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new ServerHarness(server, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("server did not start", e);
    }
  }

  private static io.hsdest.config.ServerConfig withDataDir(Configuration c, Path dir) {
    var s = c.server();
    return new io.hsdest.config.ServerConfig(s.port(), s.host(), s.hubspotBaseUrl(), s.adminToken(), dir.toString(),
        s.maxQueuedOperations(), s.requestTimeoutMs(), s.requestReadTimeoutMs(), s.shutdownGraceMs(), s.pendingAssociationTtlHours(),
        s.pendingAssociationMaxEntries(), s.hubspotRequestTimeoutMs(), s.apiVersions(), s.delivery(), s.kafka());
  }

  public Path dataDir() {
    return dataDir;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  public HttpResponse<String> post(String path, String body, String... headers) {
    return post(path, HttpRequest.BodyPublishers.ofString(body), headers);
  }

  public HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).POST(body);
    if (headers.length > 0) b.headers(headers);
    return send(b.build());
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) b.headers(headers);
    return send(b.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Basic auth with the write key as user name, as Segment's libraries send it. */
  public static String basic(String writeKey) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((writeKey + ":").getBytes());
  }

  @Override
  public void close() {
    try {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
