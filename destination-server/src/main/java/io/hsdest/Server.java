package io.hsdest;

import io.hsdest.audiences.AudienceRoutes;
import io.hsdest.audiences.Audiences;
import io.hsdest.config.Configuration;
import io.hsdest.config.DestinationConfig;
import io.hsdest.config.DestinationSettings;
import io.hsdest.config.ServerConfig;
import io.hsdest.delivery.DeliveryEngine;
import io.hsdest.delivery.DestinationPipeline;
import io.hsdest.delivery.DiskPendingAssociations;
import io.hsdest.store.LocalStore;
import io.hsdest.delivery.PacedHubSpotApi;
import io.hsdest.delivery.RateBudgets;
import io.hsdest.delivery.UnkeptPendingAssociations;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.DryRunHubSpotApi;
import io.hsdest.hubspot.HttpHubSpotApi;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.ingest.Destination;
import io.hsdest.ingest.Destinations;
import io.hsdest.ingest.IngestRoutes;
import io.hsdest.ops.OpsRoutes;
import io.hsdest.ops.StatusSection;
import io.hsdest.settings.SettingsSchema;
import io.hsdest.snippet.SnippetRoutes;
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
  private final List<Destination> destinations = new ArrayList<>();
  private final java.util.Map<String, Audiences> audiences = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private LocalStore disk;
  private io.vertx.core.Context ioContext;
  private LocalStore memory;
  private long sweepTimer = -1;

  private Server(Vertx vertx, boolean ownsVertx, Configuration config) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
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
      Destinations all = new Destinations(destinations);
      int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
      // Instances share a port only when they name it, so port 0 (any free port) is resolved first.
      int port = sc.port() == 0 ? freePort(sc.host()) : sc.port();
      List<Future<?>> servers = new ArrayList<>();
      for (int i = 0; i < instances; i++) servers.add(deployHttp(sc.host(), port, all, schema));
      return Future.all(servers);
    }).map(v -> {
      for (Destination d : destinations) d.pipeline().checkAccess();
      sweepTimer = vertx.setPeriodic(600_000, id -> sweepExpired());
      return null;
    });
  }

  /** A throw-away dry-run destination takes synthetic traffic before the real ones open (see {@link Warmup}). */
  private Future<Void> warmUp(SettingsSchema schema) {
    if (Boolean.getBoolean("hsdest.skipWarmup")) return Future.succeededFuture();
    var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("portalId", "0")
        .put("pageEventName", "pe0_page_viewed").put("maxBatchDelayMs", 5);
    DestinationSettings s = DestinationSettings.fromValidatedJson(schema.withDefaults(json));
    DryRunHubSpotApi api = new DryRunHubSpotApi();
    Calls calls = new Calls(config.server().apiVersions());
    PortalSchemas schemas = new PortalSchemas(api, calls, "0", Clock.systemUTC(), Duration.ofHours(1), Duration.ofSeconds(60));
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    vertx.deployVerticle(new DeliveryVerticle(context -> {
      DeliveryEngine engine = new DeliveryEngine("warm-up", vertx, context, s, api, calls, schemas, new UnkeptPendingAssociations(),
          null, new RateBudgets(), DeliveryEngine.Config.DEFAULT, new SimpleMeterRegistry(), System::currentTimeMillis,
          new SplittableRandom());
      DestinationPipeline pipeline = new DestinationPipeline("warm-up", s, schemas, engine, () -> engine, api, calls);
      context.runOnContext(x -> io.hsdest.ingest.Warmup.run(pipeline).onComplete(done));
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
      memory = LocalStore.inMemory(vertx);
      if (anyLive) {
        Path dir = Path.of(config.server().dataDir());
        Files.createDirectories(dir);
        disk = LocalStore.onDisk(vertx, dir.resolve("hubspot-destination.mv.db").toString());
      }
      return null;
    });
  }

  private Future<?> deployHttp(String host, int port, Destinations all, SettingsSchema schema) {
    HttpVerticle verticle = new HttpVerticle(host, port, vx -> router(vx, all, schema));
    http.add(verticle);
    return vertx.deployVerticle(verticle);
  }

  private Router router(Vertx vx, Destinations all, SettingsSchema schema) {
    Router router = Router.router(vx);
    IngestRoutes.mount(router, all, config.server().requestTimeoutMs(), metrics);
    AudienceRoutes.mount(router, all, audiences::get);
    SnippetRoutes.mount(router, all, schema);
    OpsRoutes.mount(router, all, metrics, config.server().adminToken(), draining::get,
        List.of(new StatusSection("audiences", id -> audiences.containsKey(id) ? audiences.get(id).status() : null)));
    router.route().failureHandler(IngestRoutes::failures);
    router.route().last().handler(ctx -> ctx.fail(404));
    return router;
  }

  private Future<?> destination(DestinationConfig dc, ServerConfig sc, RateBudgets budgets) {
    DestinationSettings s = dc.settings();
    HubSpotApi api = s.dryRun() ? new DryRunHubSpotApi()
        : new HttpHubSpotApi(vertx, ioContext, sc.hubspotBaseUrl(), s.accessToken(), sc.hubspotRequestTimeoutMs(), metrics);
    Calls calls = new Calls(sc.apiVersions());
    Clock clock = Clock.systemUTC();
    // schema reads, creations and the access check spend the token's budget like the lanes do
    HubSpotApi paced = new PacedHubSpotApi(vertx, api, budgets, s.accessToken(), s.requestsPer10Seconds(), s.searchRequestsPerSecond());
    PortalSchemas schemas = new PortalSchemas(paced, calls, s.portalId(), clock, Duration.ofHours(1), Duration.ofSeconds(60));
    LocalStore store = s.dryRun() ? memory : disk;
    // cohorts and audiences become lists through the same paced client: one rate budget per token
    audiences.put(dc.id(), new Audiences(vertx, dc.id(), s, paced, calls, store, metrics, clock));
    DiskPendingAssociations pending = new DiskPendingAssociations(store, dc.id(), sc.pendingAssociationMaxEntries(), clock::millis);
    DeliveryEngine.Config engineConfig = new DeliveryEngine.Config(16, sc.maxQueuedOperations(), authProbeIntervalMs());
    long ttlMs = sc.pendingAssociationTtlHours() * 3_600_000L;
    SimpleMeterRegistry throwaway = new SimpleMeterRegistry();
    return vertx.deployVerticle(new DeliveryVerticle(context -> {
      DeliveryEngine engine = new DeliveryEngine(dc.id(), vertx, context, s, api, calls, schemas, pending, store, budgets,
          engineConfig, metrics, clock::millis, new SplittableRandom());
      engine.pendingAssociationTtlMs(ttlMs);
      DestinationPipeline pipeline = new DestinationPipeline(dc.id(), s, schemas, engine, () -> {
        DeliveryEngine v = new DeliveryEngine(dc.id() + "-validate", vertx, Vertx.currentContext(), s, new DryRunHubSpotApi(),
            calls, schemas, new UnkeptPendingAssociations(), null, new RateBudgets(), engineConfig, throwaway, clock::millis,
            new SplittableRandom());
        v.pendingAssociationTtlMs(ttlMs);
        return v;
      }, paced, calls);
      synchronized (destinations) {
        destinations.add(new Destination(dc, pipeline));
      }
      return engine.restore();
    }));
  }

  /** How often a refused token is tried again; a system property lets tests shorten it. */
  private static long authProbeIntervalMs() {
    return Long.getLong("hsdest.authProbeIntervalMs", 60_000L);
  }

  private void sweepExpired() {
    for (Destination d : destinations) {
      if (d.pipeline().engine().pendingAssociations() instanceof DiskPendingAssociations p) p.sweepExpired();
    }
  }

  public int port() {
    return http.get(0).actualPort();
  }

  public List<Destination> destinations() {
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
    if (sweepTimer >= 0) vertx.cancelTimer(sweepTimer);
    Duration grace = Duration.ofMillis(config.server().shutdownGraceMs());
    List<Future<?>> work = new ArrayList<>();
    for (Destination d : destinations) work.add(d.pipeline().engine().drain(grace.toMillis()));
    for (HttpVerticle h : http) work.add(h.shutdown(grace.plusSeconds(1)));
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
