package io.hsdest;

import io.hsdest.clock.Scheduler;
import io.hsdest.clock.VertxScheduler;
import io.hsdest.config.Configuration;
import io.hsdest.config.DestinationConfig;
import io.hsdest.config.DestinationSettings;
import io.hsdest.config.ServerConfig;
import io.hsdest.delivery.DestinationDelivery;
import io.hsdest.delivery.policy.PacedHubSpotApi;
import io.hsdest.delivery.policy.RateBudgets;
import io.hsdest.delivery.policy.TokenBudget;
import io.hsdest.delivery.run.Engine;
import io.hsdest.emailevents.EmailEventExports;
import io.hsdest.emailevents.EmailEventsExport;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.DryRunHubSpotApi;
import io.hsdest.hubspot.HttpHubSpotApi;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.ingest.Destinations;
import io.hsdest.ingest.IngestRoutes;
import io.hsdest.ops.OpsRoutes;
import io.hsdest.settings.SettingsSchema;
import io.hsdest.snippet.SnippetRoutes;
import io.hsdest.store.KeyValueStore;
import io.hsdest.store.LocalStore;
import io.hsdest.store.LocalKeyValueStore;
import io.hsdest.warehouse.WarehouseRoutes;
import io.hsdest.warehouse.Warehouses;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running server: builds each destination's pipe (HubSpot client or dry-run sink, schema
 * caches, pending-association store, delivery engine on its own context), mounts the HTTP API,
 * and stops cleanly: intake first, then queued work within the grace period, then the store.
 */
public final class Server {
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Configuration config;
  private final List<HttpVerticle> http = new ArrayList<>();
  private final List<ServedDestination> destinations = new ArrayList<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final PrometheusMeterRegistry metrics =
      io.hsdest.ops.ProcessCpuSeconds.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  private final EmailEventExports emailEvents = new EmailEventExports();
  private final Warehouses warehouses;
  private io.hsdest.console.Console console;
  /** Each destination's schema caches, by id (the console's setup check reads them). */
  private final java.util.Map<String, PortalSchemas> schemasById = new java.util.concurrent.ConcurrentHashMap<>();
  private LocalStore disk;
  private io.vertx.core.Context ioContext;
  private LocalStore memory;

  private Server(Vertx vertx, boolean ownsVertx, Configuration config) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
    this.warehouses = new Warehouses(vertx, metrics, Clock.systemUTC());
  }

  /** Starts a server; pass a Vert.x to share (tests), or null to create one. */
  public static Future<Server> start(Configuration config, Vertx shared) {
    Vertx vertx = shared != null ? shared : Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    Server server = new Server(vertx, shared == null, config);
    return server.boot().map(server).recover(e -> {
      // not chained: closing Vert.x from one of its own callbacks must not hold up the failure
      if (server.ownsVertx) vertx.close();
      return Future.failedFuture(e);
    });
  }

  private Future<Void> boot() {
    ServerConfig sc = config.server();
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    SettingsSchema schema = SettingsSchema.load();
    RateBudgets budgets = new RateBudgets();
    console = new io.hsdest.console.Console(vertx, config, statusSections(), this::port);
    return openStores().compose(v -> warmUp(schema))
        .compose(v -> vertx.deployVerticle(new DeliveryVerticle(context -> {
          ioContext = context; // HubSpot calls are written and read here, beside the engines
          return Future.succeededFuture();
        })))
        .compose(v -> {
      List<Future<?>> engines = new ArrayList<>();
      for (DestinationConfig dc : config.destinations()) engines.add(destination(dc, sc, budgets));
      return Future.all(engines);
    }).compose(v -> {
      // engines start concurrently; /health, /status and the logs list destinations in the file's order
      destinations.sort(java.util.Comparator.comparingInt(d -> config.destinations().indexOf(d.config())));
      Destinations all = new Destinations(List.copyOf(destinations));
      int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
      // Instances share a port only when they name it, so port 0 (any free port) is resolved first.
      int port = sc.port() == 0 ? freePort(sc.host()) : sc.port();
      List<Future<?>> servers = new ArrayList<>();
      for (int i = 0; i < instances; i++) servers.add(deployHttp(sc.host(), port, all, schema));
      return Future.all(servers);
    }).map(v -> {
      for (ServedDestination d : destinations) d.delivery().pipeline().checkAccess();
      emailEvents.startAll();
      return null;
    });
  }

  /** A throw-away dry-run destination takes synthetic traffic before the real ones open (see {@link io.hsdest.ingest.Warmup}). */
  private Future<Void> warmUp(SettingsSchema schema) {
    if (Boolean.getBoolean("hsdest.skipWarmup")) return Future.succeededFuture();
    var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("portalId", "0")
        .put("pageEventName", "pe0_page_viewed").put("maxBatchDelayMs", 5);
    DestinationSettings s = DestinationSettings.fromValidatedJson(schema.withDefaults(json));
    DestinationConfig dc = new DestinationConfig("warm-up", java.util.Set.of(), s, true);
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    vertx.deployVerticle(new DeliveryVerticle(context -> {
      DestinationDelivery delivery = delivery(dc, new VertxScheduler(context), new DryRunHubSpotApi(), new LocalKeyValueStore(memory),
          new RateBudgets(), new SimpleMeterRegistry());
      context.runOnContext(x -> io.hsdest.ingest.Warmup.run(new ServedDestination(dc, delivery,
          receipts(dc, new LocalKeyValueStore(memory)), io.hsdest.console.MessageWatch.NONE)).onComplete(done));
      return Future.succeededFuture();
    })).onFailure(done::fail);
    return done.future();
  }

  private static int freePort(String host) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return probe.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no free port on " + host + ": " + e.getMessage(), e);
    }
  }

  private Future<Void> openStores() {
    boolean anyLive = config.destinations().stream().anyMatch(d -> !d.settings().dryRun());
    return vertx.executeBlocking(() -> {
      memory = LocalStore.inMemory();
      if (anyLive) {
        Path dir = Path.of(config.server().dataDir());
        Files.createDirectories(dir);
        disk = LocalStore.onDisk(vertx, dir.resolve("hubspot-destination.mv.db").toString());
      }
      return null;
    });
  }

  private Future<?> deployHttp(String host, int port, Destinations all, SettingsSchema schema) {
    HttpVerticle verticle = new HttpVerticle(host, port, vx -> router(vx, all, schema),
        Duration.ofMillis(config.server().requestReadTimeoutMs()), metrics);
    http.add(verticle);
    return vertx.deployVerticle(verticle);
  }

  private Router router(Vertx vx, Destinations all, SettingsSchema schema) {
    Router router = Router.router(vx);
    IngestRoutes.mount(router, all, config.server().requestTimeoutMs(), metrics);
    io.hsdest.receipts.ReceiptRoutes.mount(router, all, d -> ((ServedDestination) d).receipts());
    SnippetRoutes.mount(router, all, schema);
    OpsRoutes.mount(router, all, List.copyOf(destinations), statusSections(), metrics,
        config.server().adminToken(), draining::get);
    emailEvents.mount(router, config.server().adminToken());
    console.mount(router);
    WarehouseRoutes.mount(router, warehouses, config.destinations().stream().map(DestinationConfig::id).toList(),
        config.server().adminToken());
    router.route().failureHandler(IngestRoutes::failures);
    router.route().last().handler(ctx -> ctx.fail(404));
    return router;
  }

  /** What capabilities beside the pipe add to each destination's /status (and the console shows as reports). */
  private List<io.hsdest.ops.StatusSection> statusSections() {
    return List.of(emailEvents, warehouses);
  }

  private Future<?> destination(DestinationConfig dc, ServerConfig sc, RateBudgets budgets) {
    DestinationSettings s = dc.settings();
    HubSpotApi api = s.dryRun() ? new DryRunHubSpotApi()
        : new HttpHubSpotApi(vertx, ioContext, sc.hubspotBaseUrl(), s.accessToken(), sc.hubspotRequestTimeoutMs(), metrics);
    LocalStore local = s.dryRun() ? memory : disk;
    KeyValueStore store = new LocalKeyValueStore(local);
    io.hsdest.console.MessageLog log = new io.hsdest.console.MessageLog();
    return vertx.deployVerticle(new DeliveryVerticle(context -> {
      DestinationDelivery delivery = delivery(dc, new VertxScheduler(context), api, store, budgets, metrics);
      ServedDestination served = new ServedDestination(dc, delivery, receipts(dc, store), log);
      synchronized (destinations) {
        destinations.add(served);
      }
      TokenBudget budget = budgets.forToken(s.accessToken(), s.requestsPer10Seconds(), s.searchRequestsPerSecond());
      console.add(new io.hsdest.console.ConsoleDestination(served, served.receipts(), served::status, delivery.paced(),
          new Calls(sc.apiVersions()), schemasById.get(dc.id()), () -> budget.available(System.currentTimeMillis()), log));
      return delivery.restore(vertx).onSuccess(v -> delivery.sweepEvery(600_000)).map(delivery);
    })).compose(id -> {
      DestinationDelivery delivery;
      synchronized (destinations) {
        delivery = destinations.stream().filter(d -> d.config() == dc).findFirst().orElseThrow().delivery();
      }
      Calls calls = new Calls(sc.apiVersions());
      warehouses.add(dc.id(), s.portalId(), s.raw(), sc.dataDir(), delivery.paced(), calls);
      return emailEventsExport(dc, delivery.paced(), calls, local);
    });
  }

  /** The destination's email events export, on a context of its own, when its settings turn it on. */
  private Future<?> emailEventsExport(DestinationConfig dc, HubSpotApi paced, Calls calls, LocalStore store) {
    DestinationSettings s = dc.settings();
    if (!EmailEventsExport.enabledIn(s.raw())) return Future.succeededFuture();
    if (s.dryRun()) {
      emailEvents.notRunning(dc.id(), "a dry-run destination has no accessToken to read HubSpot's email events with");
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new DeliveryVerticle(context -> {
      emailEvents.add(dc.id(), EmailEventsExport.create(dc.id(), s.portalId(), s.raw(), vertx, context, paced, calls,
          store, metrics));
      return Future.succeededFuture();
    }));
  }

  /** A destination's receipts, in its store: a week, and a million at most. */
  private static io.hsdest.receipts.Receipts receipts(DestinationConfig dc, KeyValueStore store) {
    return new io.hsdest.receipts.Receipts(store, dc.id(), 168L * 3_600_000, 1_000_000, System::currentTimeMillis);
  }

  /** One destination's delivery on the scheduler's loop: its paced HubSpot, schema caches, store and engine. */
  private DestinationDelivery delivery(DestinationConfig dc, Scheduler scheduler, HubSpotApi api, KeyValueStore store,
      RateBudgets budgets, io.micrometer.core.instrument.MeterRegistry registry) {
    ServerConfig sc = config.server();
    DestinationSettings s = dc.settings();
    Calls calls = new Calls(sc.apiVersions());
    TokenBudget budget = budgets.forToken(s.accessToken(), s.requestsPer10Seconds(), s.searchRequestsPerSecond());
    // schema reads, creations and the access check spend the token's budget like the lanes do
    HubSpotApi paced = new PacedHubSpotApi(scheduler, api, budget);
    PortalSchemas schemas = new PortalSchemas(paced, calls, s.portalId(), Clock.systemUTC(), Duration.ofHours(1), Duration.ofSeconds(60));
    schemasById.put(dc.id(), schemas);
    Engine.Config engineConfig = new Engine.Config(16, sc.maxQueuedOperations(), authProbeIntervalMs(),
        sc.pendingAssociationTtlHours() * 3_600_000L);
    return DestinationDelivery.assemble(new DestinationDelivery.Parts(dc.id(), s, scheduler, api, paced, calls, schemas, store, budget,
        engineConfig, sc.pendingAssociationMaxEntries(), registry, new SplittableRandom()));
  }

  /** How often a refused token is tried again; a system property lets tests shorten it. */
  private static long authProbeIntervalMs() {
    return Long.getLong("hsdest.authProbeIntervalMs", 60_000L);
  }

  public int port() {
    return http.get(0).actualPort();
  }

  public List<ServedDestination> destinations() {
    return List.copyOf(destinations);
  }

  public Configuration configuration() {
    return config;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /**
   * Stops: new requests are refused (503) while requests in flight finish or are answered 503
   * within the grace period; then the pending-association store is closed and Vert.x stopped.
   */
  public Future<Void> stop() {
    draining.set(true);
    Duration grace = Duration.ofMillis(config.server().shutdownGraceMs());
    List<Future<?>> work = new ArrayList<>();
    for (ServedDestination d : destinations) work.add(d.delivery().engine().drain(grace.toMillis()));
    for (HttpVerticle h : http) work.add(h.shutdown(grace.plusSeconds(1)));
    io.vertx.core.Promise<Void> exportsStopped = io.vertx.core.Promise.promise();
    emailEvents.stopAll().onComplete(ar -> exportsStopped.tryComplete());
    vertx.setTimer(Math.max(1, grace.toMillis()), t -> exportsStopped.tryComplete()); // a sink that hangs holds no one
    work.add(exportsStopped.future());
    work.add(warehouses.stop(grace.toMillis()));
    if (console != null) work.add(console.close());
    return Future.join(work).transform(ignored -> vertx.executeBlocking(() -> {
      if (disk != null) disk.close();
      if (memory != null) memory.close();
      return null;
    })).transform(ignored -> ownsVertx ? vertx.close() : Future.succeededFuture());
  }

  /** For the start-up line: each destination and whether it is live or dry-run. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    List<DestinationConfig> list = config.destinations();
    b.append(list.size()).append(list.size() == 1 ? " destination: " : " destinations: ");
    for (int i = 0; i < list.size(); i++) {
      DestinationConfig d = list.get(i);
      if (i > 0) b.append(", ");
      b.append(d.id()).append(" (portal ").append(d.settings().portalId()).append(", ")
          .append(d.settings().dryRun() ? "dry-run: no HubSpot token, nothing is sent" : "live").append(')');
      if (d.anyKeyFromLoopback()) b.append(" accepting any write key from this machine");
    }
    return b.toString();
  }
}
