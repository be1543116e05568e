package io.hsdest.console;

import io.hsdest.config.Configuration;
import io.hsdest.config.DestinationConfig;
import io.hsdest.config.DeliverySettings;
import io.hsdest.ops.StatusSection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The console of one server: built once, given each destination as it is assembled ({@link #add}), then mounted on
 * every HTTP instance's router. Sessions, the page's caches and each destination's panel are shared by all of them.
 * See {@link ConsolePages} (the page and its sign-in), {@link ConsoleApi} (its JSON) and {@link ConsoleAuth} (who may).
 */
public final class Console {
  /** How long a sign-in lasts. */
  static final long SESSION_LIFETIME_MS = 8 * 3_600_000L;

  private final Configuration config;
  private final List<StatusSection> sections;
  private final SecretMask mask;
  private final ConsoleAuth auth;
  private final ConsolePages pages;
  private final DeadLetters deadLetters;
  private final List<ConsoleDestination> added = new ArrayList<>();
  private Map<String, DestinationPanel> panels;

  /**
   * @param sections what capabilities beside the pipe add to {@code /status} (email events, warehouse, audiences)
   * @param port the port the server listens on (the console asks its own dead-letter endpoints through it)
   */
  public Console(Vertx vertx, Configuration config, List<StatusSection> sections, IntSupplier port) {
    this.config = config;
    this.sections = List.copyOf(sections);
    this.mask = SecretMask.of(config);
    ConsoleSessions sessions = new ConsoleSessions(SESSION_LIFETIME_MS, System::currentTimeMillis);
    this.auth = new ConsoleAuth(config.server().adminToken(), sessions);
    this.pages = new ConsolePages(auth, sessions);
    this.deadLetters = new DeadLetters(vertx, config.server().host(), port, config.server().adminToken());
  }

  /** A destination, as the server assembles it (any thread, before the routers are built). */
  public synchronized void add(ConsoleDestination d) {
    added.add(d);
  }

  /** Mounts the page, its assets and its API on one router. */
  public void mount(Router router) {
    pages.mount(router);
    new ConsoleApi(panels(), sections, mask, auth, deadLetters, config.server().requestTimeoutMs(), deliveryMode())
        .mount(router);
  }

  private synchronized Map<String, DestinationPanel> panels() {
    if (panels == null) {
      Map<String, DestinationPanel> byId = new LinkedHashMap<>();
      // in the configuration's order, whatever order the destinations were assembled in
      for (DestinationConfig dc : config.destinations()) {
        for (ConsoleDestination d : added) if (d.id().equals(dc.id())) byId.put(d.id(), new DestinationPanel(d));
      }
      panels = java.util.Collections.unmodifiableMap(byId);
    }
    return panels;
  }

  private String deliveryMode() {
    DeliverySettings d = config.server().delivery();
    return d == null ? "sync" : d.mode().name().toLowerCase(java.util.Locale.ROOT);
  }

  public Future<Void> close() {
    return deadLetters.close();
  }
}
