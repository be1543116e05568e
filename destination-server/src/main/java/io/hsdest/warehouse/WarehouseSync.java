package io.hsdest.warehouse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One destination's warehouse sync: runs every {@code intervalMinutes} (counted from the end of the previous run)
 * and on demand; a run asked for while one is under way joins it instead of starting a second. Each run opens
 * one database connection on the destination's own worker thread, copies the configured collections in order,
 * and closes it (so a DuckDB file is free between runs). A collection that fails does not stop the others; its
 * cursor stays at its last committed page and the next run resumes there.
 *
 * <p>Concurrency: {@link #runNow()} and the timers run on the event loop of the Vert.x context that created the
 * sync; {@link #status()} may be called from any thread.
 */
public final class WarehouseSync {
  private static final Logger LOG = Logger.getLogger(WarehouseSync.class.getName());

  private final Vertx vertx;
  private final String destinationId;
  private final String portalId;
  private final WarehouseSettings settings;
  private final boolean live;
  private final Calls calls;
  private final Clock clock;
  private final PatientHubSpot hubspot;
  private final WorkerExecutor worker;
  private final List<CollectionSync> syncs = new ArrayList<>();
  private final MeterRegistry metrics;
  private final Map<SourceCollection, CollectionReport> lastPerCollection = new ConcurrentHashMap<>();
  private final Map<SourceCollection, Tally> progress = new ConcurrentHashMap<>();
  private volatile Future<RunReport> running;
  private volatile RunReport lastRun;
  private volatile Instant lastSuccessAt;
  private volatile Instant nextRunAt;
  private long timer = -1;
  private boolean stopped;

  WarehouseSync(Vertx vertx, String destinationId, String portalId, WarehouseSettings settings, HubSpotApi paced,
      Calls calls, Clock clock, MeterRegistry metrics, Backoff backoff) {
    this.vertx = vertx;
    this.destinationId = destinationId;
    this.portalId = portalId;
    this.settings = settings;
    this.live = paced.live();
    this.calls = calls;
    this.clock = clock;
    this.metrics = metrics;
    this.hubspot = new PatientHubSpot(vertx, paced, backoff);
    // one thread: JDBC for this destination never runs on two threads, never on an event loop
    this.worker = vertx.createSharedWorkerExecutor("hsdest-warehouse-" + destinationId, 1, 6, TimeUnit.HOURS);
    for (SourceCollection c : settings.collections()) syncs.add(syncFor(c));
    FunctionCounter.builder("warehouse_hubspot_calls", hubspot, PatientHubSpot::calls)
        .description("HubSpot calls made by the warehouse sync, retries included").tag("destination", destinationId)
        .register(metrics);
    Gauge.builder("warehouse_sync_running", () -> running != null ? 1 : 0)
        .description("1 while a warehouse sync runs").tag("destination", destinationId).register(metrics);
    Gauge.builder("warehouse_last_success_timestamp_seconds",
            () -> lastSuccessAt == null ? 0 : lastSuccessAt.toEpochMilli() / 1000.0)
        .description("When the last warehouse sync that copied every collection finished")
        .tag("destination", destinationId).register(metrics);
  }

  private static CollectionSync syncFor(SourceCollection c) {
    return switch (c) {
      case CONTACTS, COMPANIES, DEALS -> new CrmObjectSync(c);
      case CONTACT_LISTS -> new ContactListSync(false);
      case CONTACT_LIST_MEMBERSHIPS -> new ContactListSync(true);
      case EMAIL_CAMPAIGNS -> new EmailCampaignSync();
      case EMAIL_EVENTS -> new EmailEventSync();
    };
  }

  public String destinationId() {
    return destinationId;
  }

  public WarehouseSettings settings() {
    return settings;
  }

  /**
   * Schedules the first run after {@code firstDelay}, then one every interval after each run ends; a scheduled run
   * happens only while {@code runsHere} (with durable delivery on Kafka, on the instance that delivers the destination).
   */
  void schedule(Duration firstDelay, java.util.function.BooleanSupplier runsHere) {
    if (!live) return;
    this.runsHere = runsHere;
    scheduleIn(firstDelay.toMillis());
  }

  private java.util.function.BooleanSupplier runsHere = () -> true;

  private void scheduleIn(long delayMs) {
    if (stopped) return;
    nextRunAt = clock.instant().plusMillis(delayMs);
    timer = vertx.setTimer(Math.max(1, delayMs), id -> (runsHere.getAsBoolean() ? runNow().mapEmpty() : Future.succeededFuture())
        .onComplete(ar -> scheduleIn(Duration.ofMinutes(settings.intervalMinutes()).toMillis())));
  }

  /**
   * Runs a sync now, or joins the one under way. The future fails only for a dry-run destination; a run that
   * failed completes with a report that says so.
   */
  public synchronized Future<RunReport> runNow() {
    if (!live) {
      return Future.failedFuture(new SyncFailure("destination " + destinationId
          + " is dry-run (no accessToken): there is no HubSpot account to read"));
    }
    Future<RunReport> current = running;
    if (current != null) return current;
    Promise<RunReport> promise = Promise.promise();
    running = promise.future();
    start(promise);
    return promise.future();
  }

  private void start(Promise<RunReport> promise) {
    Instant start = clock.instant();
    Timer.Sample sample = Timer.start(metrics);
    long callsBefore = hubspot.calls();
    worker.executeBlocking(() -> Database.open(settings), true)
        .recover(e -> Future.failedFuture(new SyncFailure("cannot open the warehouse "
            + settings.describeTarget() + ": " + JdbcUrls.clean(e.getMessage(), settings))))
        .compose(db -> {
          SyncRun run = new SyncRun(start, portalId, hubspot, calls, clock, worker, db);
          List<CollectionReport> reports = new ArrayList<>();
          return runAll(run, 0, reports).eventually(() -> worker.executeBlocking(() -> {
            db.close();
            return null;
          }, true)).map(v -> reports);
        })
        .map(reports -> new RunReport(destinationId, start, clock.instant(), List.copyOf(reports),
            hubspot.calls() - callsBefore, null))
        .recover(e -> Future.succeededFuture(new RunReport(destinationId, start, clock.instant(), List.of(),
            hubspot.calls() - callsBefore, message(e))))
        .onComplete(ar -> {
          RunReport r = ar.result();
          lastRun = r;
          progress.clear();
          if (r.ok()) lastSuccessAt = r.finishedAt();
          sample.stop(Timer.builder("warehouse_sync_duration").description("How long warehouse syncs take")
              .tag("destination", destinationId).tag("outcome", r.ok() ? "ok" : "failed").register(metrics));
          Counter.builder("warehouse_syncs").description("Warehouse sync runs by outcome")
              .tag("destination", destinationId).tag("outcome", r.ok() ? "ok" : "failed").register(metrics).increment();
          if (!r.ok()) LOG.warning("warehouse sync of destination " + destinationId + " failed: " + r.toJson().get("error"));
          synchronized (this) {
            running = null;
          }
          promise.complete(r);
        });
  }

  /** The collections one after the other; a failed one is reported and the next one still runs. */
  private Future<Void> runAll(SyncRun run, int index, List<CollectionReport> reports) {
    if (index >= syncs.size()) return Future.succeededFuture();
    CollectionSync sync = syncs.get(index);
    Tally tally = new Tally(sync.collection(), clock.instant());
    progress.put(sync.collection(), tally);
    long unconvertedBefore = run.unconverted();
    Future<Void> done;
    try {
      done = sync.run(run, tally);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.transform(ar -> {
      String error = ar.succeeded() ? null : message(ar.cause());
      if (error != null) {
        LOG.log(Level.FINE, "warehouse " + sync.collection().table + " failed", ar.cause());
      }
      CollectionReport report = tally.report(clock.instant(), run.unconverted() - unconvertedBefore, error);
      reports.add(report);
      lastPerCollection.put(sync.collection(), report);
      progress.remove(sync.collection());
      Counter.builder("warehouse_rows_written").description("Rows the warehouse sync inserted or updated")
          .tag("destination", destinationId).tag("table", sync.collection().table).register(metrics)
          .increment(report.rowsWritten());
      return runAll(run, index + 1, reports);
    });
  }

  private String message(Throwable e) {
    String m = e instanceof SyncFailure ? e.getMessage()
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return JdbcUrls.clean(m, settings);
  }

  /** For /status: target, schedule, progress of a run under way, the last run and the last report per table. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", true);
    m.put("target", settings.describeTarget());
    m.put("intervalMinutes", settings.intervalMinutes());
    m.put("collections", settings.collections().stream().map(c -> c.table).toList());
    if (!live) m.put("state", "dry-run destination: nothing to read without accessToken");
    m.put("running", running != null);
    if (running != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      progress.values().forEach(t -> p.put(t.collection.table, Map.of("mode", t.mode, "rowsWritten", t.rows.get(),
          "startedAt", t.startedAt.toString())));
      m.put("inProgress", p);
    }
    Instant next = nextRunAt;
    if (next != null && running == null) m.put("nextRunAt", next.toString());
    RunReport last = lastRun;
    if (last != null) m.put("lastRun", last.toJson());
    Map<String, Object> per = new LinkedHashMap<>();
    for (SourceCollection c : settings.collections()) {
      CollectionReport r = lastPerCollection.get(c);
      if (r != null) per.put(c.table, r.toJson());
    }
    m.put("lastRunPerCollection", per);
    return m;
  }

  /** Stops scheduling; a run under way is given {@code graceMs} to finish, then the worker is let go. */
  Future<Void> stop(long graceMs) {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    Future<RunReport> current = running;
    Promise<Void> done = Promise.promise();
    if (current == null) {
      done.complete();
    } else {
      long t = vertx.setTimer(Math.max(1, graceMs), id -> done.tryComplete());
      current.onComplete(ar -> {
        vertx.cancelTimer(t);
        done.tryComplete();
      });
    }
    return done.future().compose(v -> worker.close());
  }
}
