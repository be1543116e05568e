package io.hsdest.emailevents;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.store.KeyValueStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's export of HubSpot's marketing email events to its sink (setting {@code emailEvents}): polls every
 * {@code pollIntervalSeconds} and on demand ({@link #syncNow()}), one poll at a time ({@link Poll}), from a durable
 * cursor ({@link ExportCursor}), reading through the destination's paced HubSpot client and sending through a
 * {@link SinkClient}. Exactly once by EventId: the cursor moves only after the sink took a batch.
 *
 * <p>Concurrency: everything runs on the export's own context; {@link #status()} may be called from any thread and
 * reads published snapshots. {@link #stop()} ends the current poll at its next safe point.
 */
public final class EmailEventsExport {
  private static final Logger LOG = LoggerFactory.getLogger(EmailEventsExport.class);

  final String destinationId;
  final String portalId;
  final ExportSettings settings;
  final ExportTuning tuning;
  final Clock clock;
  final ExportCursor cursor;
  final EventReader reader;
  final SinkClient sink;
  final ExportCounts counts;
  private final Vertx vertx;
  private final Context context;
  private final String eventTypeParam;
  private long windowMs;
  private Future<PollReport> tail = Future.succeededFuture();
  private long timer = -1;
  private volatile boolean stopping;
  private volatile boolean polling;
  private volatile long nextPollAt;
  private volatile ExportCursor.State published;
  private volatile Map<String, Object> lastPoll;
  private volatile Map<String, Object> lastFailure;

  EmailEventsExport(String destinationId, String portalId, ExportSettings settings, Vertx vertx, Context context,
      HubSpotApi api, Calls calls, KeyValueStore store, MeterRegistry metrics, ExportTuning tuning, Clock clock) {
    this.destinationId = destinationId;
    this.portalId = portalId;
    this.settings = settings;
    this.tuning = tuning;
    this.clock = clock;
    this.vertx = vertx;
    this.context = context;
    this.windowMs = tuning.initialWindowMs();
    this.counts = new ExportCounts(metrics, destinationId, settings.sink().kind().settingName);
    this.cursor = new ExportCursor(store, destinationId, portalId);
    this.published = cursor.load();
    this.reader = new EventReader(vertx, api, calls, tuning, (status, why) -> counts.hubspotError(status));
    SinkFormat format = settings.sink().kind() == ExportSettings.SinkKind.SEGMENT
        ? new SegmentFormat(portalId, settings.sink().secret())
        : new AmplitudeFormat(portalId, settings.sink().secret(), tuning.amplitudeThrottleMs());
    this.sink = new SinkClient(vertx, settings.sink(), format, tuning, (status, why) -> counts.sinkError(status));
    // one type selected: HubSpot filters; several: read all and keep the selected ones (fewer calls)
    this.eventTypeParam = settings.types().size() == 1 ? settings.types().iterator().next().name() : null;
    Gauge.builder("email_events_lag_seconds", this, EmailEventsExport::lagSeconds)
        .description("how far behind now the email events export has read everything")
        .tag("destination", destinationId).tag("sink", settings.sink().kind().settingName).register(metrics);
  }

  /** Whether these destination settings turn the export on. */
  public static boolean enabledIn(JsonNode settings) {
    return ExportSettings.from(settings).enabled();
  }

  /**
   * The export of a destination whose settings turn it on, running on {@code context} (its own), reading HubSpot
   * through {@code pacedApi} (the token's shared rate budget) and keeping its cursor in {@code store}.
   */
  public static EmailEventsExport create(String destinationId, String portalId, JsonNode settings, Vertx vertx,
      Context context, HubSpotApi pacedApi, Calls calls, KeyValueStore store, MeterRegistry metrics) {
    return new EmailEventsExport(destinationId, portalId, ExportSettings.from(settings), vertx, context, pacedApi, calls,
        store, metrics, ExportTuning.fromSystemProperties(), Clock.systemUTC());
  }

  /** Starts polling: at once, then every {@code pollIntervalSeconds}. */
  public void start() {
    context.runOnContext(v -> poll());
  }

  /** Runs a poll now (after the one running, if any) and completes with what it did. */
  public Future<Map<String, Object>> syncNow() {
    Promise<Map<String, Object>> answer = Promise.promise();
    context.runOnContext(v -> poll().map(this::answer).onComplete(answer));
    return answer.future();
  }

  /** Stops polling; completes when the poll in flight, if any, has stopped at a safe point. */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopping = true;
      if (timer >= 0) vertx.cancelTimer(timer);
      tail.transform(ar -> sink.close()).onComplete(ar -> done.complete());
    });
    return done.future();
  }

  /** This export's section of /status: settings (no key), cursor, lag, counts, the last poll and failure. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", true);
    m.put("running", !stopping);
    Map<String, Object> sinkInfo = new LinkedHashMap<>();
    sinkInfo.put("type", settings.sink().kind().settingName);
    sinkInfo.put("url", withoutUserInfo(settings.sink().url()));
    m.put("sink", sinkInfo);
    List<String> types = new ArrayList<>();
    settings.types().stream().sorted().forEach(t -> types.add(t.name()));
    m.put("eventTypes", types);
    m.put("pollIntervalSeconds", settings.pollInterval().toSeconds());
    m.put("portalId", portalId);
    m.put("cursor", cursorJson(published));
    double lag = lagSeconds();
    m.put("lagSeconds", Double.isNaN(lag) ? null : Math.round(lag));
    m.put("polling", polling);
    if (nextPollAt > 0 && !stopping) m.put("nextPollAt", Instant.ofEpochMilli(nextPollAt).toString());
    m.put("counts", counts.toJson());
    m.put("lastPoll", lastPoll);
    m.put("lastFailure", lastFailure);
    return m;
  }

  // ---- for Poll, on the export's context --------------------------------------------------------------------

  String eventTypeParam() {
    return eventTypeParam;
  }

  boolean stopping() {
    return stopping;
  }

  long windowMs() {
    return windowMs;
  }

  /** Shorter windows where events are dense (fewer to read again after an expired offset), longer where sparse. */
  void windowRead(int pages) {
    if (pages >= 5) windowMs = Math.max(tuning.minWindowMs(), windowMs / 2);
    else if (pages <= 1) windowMs = Math.min(tuning.maxWindowMs(), windowMs * 2);
  }

  void published(ExportCursor.State s) {
    published = s;
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  /**
   * Whether this instance exports the destination now: with durable delivery on Kafka, only the instance that
   * delivers the destination does (its cursor lives in the shared store), so two instances never export at once.
   */
  public void exportedHereWhile(java.util.function.BooleanSupplier owner) {
    this.owner = owner;
  }

  private volatile java.util.function.BooleanSupplier owner = () -> true;

  private Future<PollReport> poll() {
    if (stopping) {
      PollReport r = new PollReport(clock.millis());
      r.outcome = "stopped";
      return Future.succeededFuture(r);
    }
    if (!owner.getAsBoolean()) {
      PollReport r = new PollReport(clock.millis());
      r.outcome = "elsewhere";
      r.errorCode = "EXPORTED_ELSEWHERE";
      r.errorMessage = "another instance delivers this destination and exports its email events; ask it, or wait";
      r.finishedAt = r.startedAt;
      finished(r);
      return Future.succeededFuture(r);
    }
    Future<PollReport> next = tail.transform(ignored -> {
      if (stopping) return Future.failedFuture(new Poll.Stopped());
      polling = true;
      return new Poll(this, clock.millis()).run();
    }).transform(ar -> {
      polling = false;
      PollReport r = ar.succeeded() ? ar.result() : stoppedReport();
      finished(r);
      return Future.succeededFuture(r);
    });
    tail = next;
    return next;
  }

  private PollReport stoppedReport() {
    PollReport r = new PollReport(clock.millis());
    r.outcome = "stopped";
    r.finishedAt = r.startedAt;
    return r;
  }

  private void finished(PollReport r) {
    counts.poll(r.outcome);
    Map<String, Object> json = r.toJson();
    lastPoll = json;
    if ("failed".equals(r.outcome)) {
      lastFailure = json;
      LOG.warn("email events: destination {} poll failed ({}): {}", destinationId, r.errorCode, r.errorMessage);
    } else if (r.sent > 0) {
      LOG.info("email events: destination {} sent {} to {} (read {}, duplicates removed {}, skipped {})", destinationId,
          r.sent, sink.kind(), r.read, r.duplicatesRemoved, r.skipped);
    }
    if (!stopping) {
      if (timer >= 0) vertx.cancelTimer(timer);
      long delay = settings.pollInterval().toMillis();
      nextPollAt = clock.millis() + delay;
      timer = vertx.setTimer(delay, t -> {
        timer = -1;
        poll();
      });
    }
  }

  private Map<String, Object> answer(PollReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", r.succeeded());
    m.put("destination", destinationId);
    m.putAll(r.toJson());
    m.put("cursor", cursorJson(published));
    double lag = lagSeconds();
    m.put("lagSeconds", Double.isNaN(lag) ? null : Math.round(lag));
    return m;
  }

  private double lagSeconds() {
    ExportCursor.State s = published;
    return s == null ? Double.NaN : Math.max(0, clock.millis() - s.doneUntil()) / 1000.0;
  }

  private static Map<String, Object> cursorJson(ExportCursor.State s) {
    if (s == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("origin", Instant.ofEpochMilli(s.origin()).toString());
    m.put("doneUntil", Instant.ofEpochMilli(Math.max(0, s.doneUntil())).toString());
    if (s.window() != null) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("start", Instant.ofEpochMilli(s.window().start()).toString());
      w.put("end", Instant.ofEpochMilli(s.window().end()).toString());
      w.put("paging", s.window().offset() != null);
      m.put("window", w);
    }
    return m;
  }

  private static String withoutUserInfo(URI u) {
    return u.getUserInfo() == null ? u.toString() : u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
        + (u.getRawPath() == null ? "" : u.getRawPath());
  }
}
