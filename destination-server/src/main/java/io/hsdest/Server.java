package io.hsdest;

import io.hsdest.clock.Scheduler;
import io.hsdest.clock.VertxScheduler;
import io.hsdest.audiences.AudienceRoutes;
import io.hsdest.audiences.Audiences;
import io.hsdest.config.Configuration;
import io.hsdest.config.DestinationConfig;
import io.hsdest.config.DestinationSettings;
import io.hsdest.config.ServerConfig;
import io.hsdest.delivery.Arrival;
import io.hsdest.delivery.DestinationDelivery;
import io.hsdest.delivery.policy.PacedHubSpotApi;
import io.hsdest.delivery.policy.RateBudgets;
import io.hsdest.delivery.policy.TokenBudget;
import io.hsdest.delivery.resolve.ListIds;
import io.hsdest.delivery.resolve.AudienceListIds;
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
import io.hsdest.ops.StatusSection;
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
  private final java.util.Map<String, Audiences> audiences = new java.util.concurrent.ConcurrentHashMap<>();
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
  /** Kafka mode: the state every instance shares (receipts, dead letters, ids, pending associations). */
  private io.hsdest.store.KafkaKeyValueStore shared;
  /** Durable mode: the log and what reads it; null in sync mode. */
  private io.hsdest.durable.DurableDelivery durable;

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
    return openStores().compose(v -> openDurable()).compose(v -> warmUp(schema))
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
      if (durable != null) durable.startReading();
      for (ServedDestination d : destinations) d.delivery().pipeline().checkAccess();
      emailEvents.startAll();
      return null;
    });
  }

  /** Durable mode: opens the log (Kafka when brokers are set, else embedded in the data directory) before intake opens. */
  private Future<Void> openDurable() {
    ServerConfig sc = config.server();
    if (sc.delivery().mode() != io.hsdest.config.DeliverySettings.Mode.DURABLE) return Future.succeededFuture();
    List<String> ids = config.destinations().stream().map(DestinationConfig::id).toList();
    return io.hsdest.durable.DurableDelivery.open(vertx, sc.delivery(), sc.kafka(), shared, Path.of(sc.dataDir()), ids, instanceId)
        .onSuccess(d -> durable = d).mapEmpty();
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
      var receipts = new io.hsdest.receipts.Receipts(new LocalKeyValueStore(memory), dc.id(), 60_000, 10_000,
          System::currentTimeMillis, new SimpleMeterRegistry());
      context.runOnContext(x -> io.hsdest.ingest.Warmup.run(new ServedDestination(dc, delivery, receipts, null, null,
          io.hsdest.console.MessageWatch.NONE)).onComplete(done));
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
    ServerConfig sc = config.server();
    boolean durableMode = sc.delivery().mode() == io.hsdest.config.DeliverySettings.Mode.DURABLE;
    boolean anyLive = config.destinations().stream().anyMatch(d -> !d.settings().dryRun());
    Future<Void> local = vertx.executeBlocking(() -> {
      memory = LocalStore.inMemory();
      if (anyLive || durableMode) {
        Path dir = Path.of(sc.dataDir());
        Files.createDirectories(dir);
        disk = LocalStore.onDisk(vertx, dir.resolve("hubspot-destination.mv.db").toString());
      }
      return null;
    });
    if (!durableMode || sc.kafka() == null) return local;
    // what a partition's next owner must find lives in Kafka, read whole before any destination starts
    return local.compose(v -> io.hsdest.store.KafkaKeyValueStore.open(vertx, sc.kafka(), instanceId))
        .compose(store -> {
          shared = store;
          return store.caughtUp();
        });
  }

  /** Whether pull jobs (email events, the warehouse) of a destination run on this instance: with Kafka, where it is delivered. */
  private boolean runsHere(String destinationId) {
    return durable == null || durable.owns(destinationId);
  }

  /** This process among the instances sharing a Kafka consumer group (unique per start). */
  private final String instanceId = instanceName() + "-" + Long.toString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE, 36);

  private static String instanceName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "instance";
    }
  }

  /** Where a destination's state lives: shared through Kafka, on this machine's disk, or in memory for a dry-run one. */
  private KeyValueStore storeFor(DestinationSettings s) {
    if (shared != null) return shared;
    return new LocalKeyValueStore(s.dryRun() && durable == null ? memory : disk);
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
    io.hsdest.durable.DeadLetterRoutes.mount(router, config.server().adminToken(),
        config.destinations().stream().map(DestinationConfig::id).toList(), durable);
    SnippetRoutes.mount(router, all, schema);
    OpsRoutes.mount(router, all, List.copyOf(destinations), statusSections(), metrics,
        config.server().adminToken(), draining::get);
    AudienceRoutes.mount(router, all, audiences::get);
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
    StatusSection audienceSection = new StatusSection() {
      @Override
      public String name() {
        return "audiences";
      }

      @Override
      public Object status(String destinationId) {
        Audiences a = audiences.get(destinationId);
        return a == null ? null : a.status();
      }
    };
    return List.of(emailEvents, warehouses, audienceSection);
  }

  private Future<?> destination(DestinationConfig dc, ServerConfig sc, RateBudgets budgets) {
    DestinationSettings s = dc.settings();
    HubSpotApi api = s.dryRun() ? new DryRunHubSpotApi()
        : new HttpHubSpotApi(vertx, ioContext, sc.hubspotBaseUrl(), s.accessToken(), sc.hubspotRequestTimeoutMs(), metrics);
    KeyValueStore store = storeFor(s);
    io.hsdest.console.MessageLog log = new io.hsdest.console.MessageLog();
    return receipts(dc, store).compose(receipts -> vertx.deployVerticle(new DeliveryVerticle(context -> {
      DestinationDelivery delivery = delivery(dc, new VertxScheduler(context), api, store, budgets, metrics);
      io.hsdest.durable.DurableIntake intake = null;
      if (durable != null) {
        intake = durable.intake(dc.id(), s, receipts, new io.hsdest.durable.DeadLetters(store, dc.id()), delivery.pipeline()::cachedFor);
        // the feed reloads the destination's state when it starts delivering it (here, or after a partition moved)
        durable.feed(dc.id(), (messages, premapped, timeout) -> delivery.pipeline().deliver(messages, premapped, timeout, Arrival.NONE)
            .onSuccess(results -> log.delivered(messages, results)), () -> delivery.restore(vertx), metrics);
      }
      ServedDestination served = new ServedDestination(dc, delivery, receipts, intake, durable, log);
      synchronized (destinations) {
        destinations.add(served);
      }
      TokenBudget budget = budgets.forToken(s.accessToken(), s.requestsPer10Seconds(), s.searchRequestsPerSecond());
      console.add(new io.hsdest.console.ConsoleDestination(served, served.receipts(), served::status, delivery.paced(),
          new Calls(sc.apiVersions()), schemasById.get(dc.id()), () -> budget.available(System.currentTimeMillis()), log));
      Future<Void> restored = durable != null ? Future.succeededFuture() : delivery.restore(vertx);
      return restored.onSuccess(v -> delivery.sweepEvery(600_000)).map(delivery);
    }))).compose(id -> {
      DestinationDelivery delivery;
      synchronized (destinations) {
        delivery = destinations.stream().filter(d -> d.config() == dc).findFirst().orElseThrow().delivery();
      }
      Calls calls = new Calls(sc.apiVersions());
      warehouses.add(dc.id(), s.portalId(), s.raw(), sc.dataDir(), delivery.paced(), calls, () -> runsHere(dc.id()));
      return emailEventsExport(dc, delivery.paced(), calls, store);
    });
  }

  /** The destination's email events export, on a context of its own, when its settings turn it on. */
  private Future<?> emailEventsExport(DestinationConfig dc, HubSpotApi paced, Calls calls, KeyValueStore store) {
    DestinationSettings s = dc.settings();
    if (!EmailEventsExport.enabledIn(s.raw())) return Future.succeededFuture();
    if (s.dryRun()) {
      emailEvents.notRunning(dc.id(), "a dry-run destination has no accessToken to read HubSpot's email events with");
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new DeliveryVerticle(context -> {
      EmailEventsExport export = EmailEventsExport.create(dc.id(), s.portalId(), s.raw(), vertx, context, paced, calls, store, metrics);
      export.exportedHereWhile(() -> runsHere(dc.id()));
      emailEvents.add(dc.id(), export);
      return Future.succeededFuture();
    }));
  }

  /**
   * A destination's receipts, kept {@code receiptRetentionHours}. Durable mode keeps a million at most, since there a
   * receipt is the only answer a client gets: in receipt files of their own in the data directory (the embedded log), or
   * in the store every instance shares (Kafka). Sync mode keeps the latest 20,000 in memory: its client had the answer
   * already, and a write per message to the store file costs more than the rest of delivering it (at full speed it
   * halved the throughput benchmark).
   */
  private Future<io.hsdest.receipts.Receipts> receipts(DestinationConfig dc, KeyValueStore store) {
    long retentionMs = config.server().delivery().receiptRetentionHours() * 3_600_000L;
    if (durable == null) {
      return Future.succeededFuture(
          io.hsdest.receipts.Receipts.inMemory(dc.id(), retentionMs, SYNC_RECEIPTS, System::currentTimeMillis, metrics));
    }
    if (shared != null) {
      return Future.succeededFuture(
          new io.hsdest.receipts.Receipts(store, dc.id(), retentionMs, DURABLE_RECEIPTS, System::currentTimeMillis, metrics));
    }
    Path dir = Path.of(config.server().dataDir()).resolve("receipts").resolve(dc.id());
    java.util.concurrent.Executor background = work -> vertx.executeBlocking(() -> {
      work.run();
      return null;
    }, false);
    return vertx.executeBlocking(() -> io.hsdest.receipts.Receipts.inFiles(dir, dc.id(), retentionMs, DURABLE_RECEIPTS,
        System::currentTimeMillis, metrics, background));
  }

  /** Receipts kept per destination in durable mode. */
  static final int DURABLE_RECEIPTS = 1_000_000;
  /**
   * Durable mode: how long a company search not yet full waits for more groups. A search body holds some 70 new groups
   * and the account gets 5 searches a second; with half a second of waiting, the benchmark's 2,000 new companies took
   * 31-34 mostly full searches, against 42 without it in a run of the same build (35-43 before this change).
   */
  static final long DURABLE_SEARCH_LINGER_MS = 500;

  /** Receipts kept in sync mode (in memory; a receipt with its warnings takes 1-2 KB): at most about 40 MB per destination. */
  static final int SYNC_RECEIPTS = 20_000;

  /** One destination's delivery on the scheduler's loop: its paced HubSpot, schema caches, store and engine. */
  private DestinationDelivery delivery(DestinationConfig dc, Scheduler scheduler, HubSpotApi api, KeyValueStore store,
      RateBudgets budgets, io.micrometer.core.instrument.MeterRegistry registry) {
    ServerConfig sc = config.server();
    DestinationSettings s = dc.settings();
    Calls calls = new Calls(sc.apiVersions());
    TokenBudget budget = budgets.forToken(s.accessToken(), s.requestsPer10Seconds(), s.searchRequestsPerSecond());
    // schema reads, creations, audiences and the access check spend the token's budget like the lanes do
    HubSpotApi paced = new PacedHubSpotApi(scheduler, api, budget);
    Audiences audience = new Audiences(vertx, dc.id(), s, paced, calls, store, registry, Clock.systemUTC());
    if (!dc.id().equals("warm-up")) audiences.put(dc.id(), audience);
    PortalSchemas schemas = new PortalSchemas(paced, calls, s.portalId(), Clock.systemUTC(), Duration.ofHours(1), Duration.ofSeconds(60));
    schemasById.put(dc.id(), schemas);
    Engine.Config engineConfig = new Engine.Config(16, sc.maxQueuedOperations(), authProbeIntervalMs(),
        sc.pendingAssociationTtlHours() * 3_600_000L, durable != null ? DURABLE_SEARCH_LINGER_MS : 0);
    ListIds lists = new AudienceListIds(audience.lists());
    return DestinationDelivery.assemble(new DestinationDelivery.Parts(dc.id(), s, scheduler, api, paced, calls, schemas, store, lists,
        budget,
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

  /** A destination's audience sync (its {@code lists()} is the list machinery of Engage audiences too), or null. */
  public Audiences audiences(String destinationId) {
    return audiences.get(destinationId);
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
    // durable mode: reading stops first; what is not final is read again after the restart (or by the next owner)
    if (durable != null) work.add(durable.close());
    for (ServedDestination d : destinations) work.add(d.delivery().engine().drain(grace.toMillis()));
    for (HttpVerticle h : http) work.add(h.shutdown(grace.plusSeconds(1)));
    io.vertx.core.Promise<Void> exportsStopped = io.vertx.core.Promise.promise();
    emailEvents.stopAll().onComplete(ar -> exportsStopped.tryComplete());
    vertx.setTimer(Math.max(1, grace.toMillis()), t -> exportsStopped.tryComplete()); // a sink that hangs holds no one
    work.add(exportsStopped.future());
    work.add(warehouses.stop(grace.toMillis()));
    if (console != null) work.add(console.close());
    return Future.join(work).transform(ignored -> shared != null ? shared.commit().transform(x -> shared.close())
        : Future.succeededFuture()).transform(ignored -> vertx.executeBlocking(() -> {
      synchronized (destinations) {
        for (ServedDestination d : destinations) d.receipts().close();
      }
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
    ServerConfig sc = config.server();
    if (sc.delivery().mode() == io.hsdest.config.DeliverySettings.Mode.DURABLE) {
      b.append("; durable delivery, log ").append(sc.kafka() != null ? "in Kafka at " + sc.kafka().bootstrapServers()
          : "in " + Path.of(sc.dataDir()).resolve("log"));
    }
    return b.toString();
  }
}
