package io.hsdest.wire;

import io.hsdest.Server;
import io.hsdest.config.ConfigLoader;
import io.hsdest.config.Configuration;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.fake.PortalView;
import io.hsdest.settings.SettingsSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One HubSpot fake and one destination server in this JVM, wired together the way a user would run them:
 * a config file (the documented format) for the destination's settings and the server's data directory,
 * and the environment variables of interface.md on top (token, portal, write key, fake's base URL).
 *
 * <p>The default destination uses portal 123456 with token {@code pat-na1-TEST} (the fake's seeded portal)
 * and accepts {@link #WRITE_KEY}. Its settings map "Order Completed" to {@code pe123456_order_completed}
 * (revenue -> amount, orderId -> order_id) and send page calls as {@code pe123456_page_viewed}, so that
 * every call type the clients make leaves a trace in the fake.
 */
final class WireServer implements AutoCloseable {
  static final String WRITE_KEY = "test-write-key";
  static final String TOKEN = FakeHubSpot.DEFAULT_TOKEN;
  static final String PORTAL = "123456";
  static final String ORDER_EVENT = "pe123456_order_completed";
  static final String PAGE_EVENT = "pe123456_page_viewed";

  private final FakeHubSpot fake;
  private final Server server;

  private WireServer(FakeHubSpot fake, Server server) {
    this.fake = fake;
    this.server = server;
  }

  /** The default settings described in the class comment. */
  static JsonObject defaultSettings() {
    return new JsonObject()
        .put("portalId", PORTAL)
        .put("eventMappings", new JsonObject().put("Order Completed", new JsonObject()
            .put("name", ORDER_EVENT)
            .put("properties", new JsonObject().put("revenue", "amount").put("orderId", "order_id"))))
        .put("pageEventName", PAGE_EVENT);
  }

  static WireServer start() {
    return start(defaultSettings());
  }

  /** Starts the fake and a live server whose default destination has these settings (token from the env). */
  static WireServer start(JsonObject settings) {
    return start(settings, new JsonObject());
  }

  /** The same, with entries for the config file's {@code server} section (e.g. requestTimeoutMs). */
  static WireServer start(JsonObject settings, JsonObject serverSection) {
    FakeHubSpot fake = FakeHubSpot.start(null, 0);
    try {
      Path dir = Files.createDirectories(workDir()).resolve("server-" + System.nanoTime());
      Files.createDirectories(dir);
      JsonObject file = new JsonObject()
          .put("destinations", new JsonArray().add(new JsonObject()
              .put("id", "default")
              .put("writeKeys", new JsonArray().add(WRITE_KEY))
              .put("settings", settings)))
          .put("server", serverSection.copy().put("dataDir", dir.resolve("data").toString()));
      Path config = dir.resolve("destinations.json");
      Files.writeString(config, file.encodePrettily(), StandardCharsets.UTF_8);
      Map<String, String> env = new HashMap<>();
      env.put("PORT", "0");
      env.put("HOST", "127.0.0.1");
      env.put("HUBSPOT_BASE_URL", fake.baseUrl());
      env.put("HUBSPOT_ACCESS_TOKEN", TOKEN);
      env.put("HUBSPOT_PORTAL_ID", PORTAL);
      env.put("WRITE_KEYS", WRITE_KEY);
      env.put("DESTINATION_CONFIG", config.toString());
      Configuration c = new ConfigLoader(SettingsSchema.load()).load(List.of(), env);
      Server server = Server.start(c, null).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new WireServer(fake, server);
    } catch (Exception e) {
      fake.close();
      throw new IllegalStateException("could not start the destination server against the fake", e);
    }
  }

  static Path workDir() {
    return Path.of(System.getProperty("wire.work.dir", "target/wire-work")).toAbsolutePath();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  FakeHubSpot fake() {
    return fake;
  }

  PortalView portal() {
    return fake.portal();
  }

  @Override
  public void close() {
    try {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the server did not stop", e);
    } finally {
      fake.close();
    }
  }

  /**
   * Waits until {@code probe} returns a non-null value (the fake's state after the server's writes), or
   * fails with {@code what}. The server answers 200 only after its HubSpot writes, so this rarely waits.
   */
  static <T> T await(String what, Duration timeout, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) return value;
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
