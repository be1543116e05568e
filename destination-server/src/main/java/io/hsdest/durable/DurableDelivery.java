package io.hsdest.durable;

import io.hsdest.clock.VertxScheduler;
import io.hsdest.config.DeliverySettings;
import io.hsdest.config.DestinationSettings;
import io.hsdest.config.KafkaSettings;
import io.hsdest.delivery.MessageResult;
import io.hsdest.durable.DeadLetters.DeadLetter;
import io.hsdest.ingest.message.Message;
import io.hsdest.log.EmbeddedLog;
import io.hsdest.log.EmbeddedLogConfig;
import io.hsdest.log.KafkaLog;
import io.hsdest.log.LogStats;
import io.hsdest.log.MessageLog;
import io.hsdest.mapping.Premapped;
import io.hsdest.mapping.SchemaSnapshot;
import io.hsdest.receipts.Receipts;
import io.hsdest.store.KafkaKeyValueStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Durable mode for the whole server: the log (embedded in {@code dataDir/log}, or Kafka), each
 * destination's intake (record, then answer) and feed (read back, deliver, end), dead letters and
 * their replay, and the log's lag for {@code /status} and metrics. The same delivery code as sync
 * mode runs after the log.
 */
public final class DurableDelivery {
  private final Vertx vertx;
  private final MessageLog log;
  private final DeliverySettings settings;
  private final Map<String, DestinationFeed> feeds = new ConcurrentHashMap<>();
  private final Map<String, DeadLetters> deadLetters = new ConcurrentHashMap<>();
  private final Map<String, Receipts> receipts = new ConcurrentHashMap<>();
  /**
   * What intake parsed and mapped, for delivery to take instead of doing it again: 8 MB of recorded messages, some
   * 10,000, half a second of a busy server's intake, while the log's reader takes them up within moments. Larger
   * bounds (16 and 32 MB) showed no clear saving of CPU in single benchmark runs.
   */
  private final RecentlyRecorded recent = new RecentlyRecorded(8L << 20, System::currentTimeMillis);
  /** The loop the log is read on, and every feed runs on. */
  private final Context reader;

  private DurableDelivery(Vertx vertx, MessageLog log, DeliverySettings settings, Context reader) {
    this.vertx = vertx;
    this.log = log;
    this.settings = settings;
    this.reader = reader;
  }

  /**
   * Opens the log: Kafka when {@code kafka} is set (then {@code state} is the shared store the log waits
   * for before handing a destination over), else the embedded log under {@code dataDir/log}.
   */
  public static Future<DurableDelivery> open(Vertx vertx, DeliverySettings settings, KafkaSettings kafka, KafkaKeyValueStore state,
      Path dataDir, Collection<String> destinationIds, String instanceId) {
    Future<? extends MessageLog> log = kafka != null
        ? KafkaLog.open(vertx, kafka, settings.maxInFlightPerDestination(), KafkaLog.retentionFor(settings.maxRetryHours()),
            destinationIds, state::caughtUp, Clock.systemUTC(), instanceId)
        : EmbeddedLog.open(vertx, new EmbeddedLogConfig(dataDir.resolve("log"), settings.logMaxBytesPerDestination(),
            settings.logSegmentBytes(), settings.maxInFlightPerDestination(), 5_000), Clock.systemUTC());
    Promise<Context> reader = Promise.promise();
    vertx.deployVerticle(new io.vertx.core.VerticleBase() {
      @Override
      public Future<?> start() {
        reader.complete(context);
        return Future.succeededFuture();
      }
    }).onFailure(reader::tryFail);
    return Future.all(log, reader.future()).map(v -> new DurableDelivery(vertx, log.result(), settings, reader.future().result()));
  }

  /** How a feed hands recorded messages to delivery: sync mode's delivery, with the plans intake made ahead (or nulls). */
  @FunctionalInterface
  public interface Deliver {
    Future<List<MessageResult>> deliver(List<Message> messages, List<Premapped> premapped, long timeoutMs);
  }

  /**
   * A destination's intake: what answers its requests in durable mode.
   *
   * @param schemaNow the schema parts a message needs as cached now, which intake maps it against ahead of delivery
   */
  public DurableIntake intake(String destinationId, DestinationSettings destination, Receipts r, DeadLetters d,
      Function<Message, SchemaSnapshot> schemaNow) {
    receipts.put(destinationId, r);
    deadLetters.put(destinationId, d);
    return new DurableIntake(destinationId, destination, log, r, recent, () -> owns(destinationId), schemaNow);
  }

  /**
   * A destination's feed: how recorded messages reach its delivery.
   *
   * @param deliver delivers messages as sync mode does, within a timeout
   * @param restore reloads the destination's kept state (ids, watermarks, pending associations) before it is delivered here
   */
  public void feed(String destinationId, Deliver deliver,
      Supplier<Future<Void>> restore, MeterRegistry metrics) {
    feeds.put(destinationId, new DestinationFeed(destinationId, deliver, receipts.get(destinationId), deadLetters.get(destinationId),
        new VertxScheduler(reader), settings.maxRetryHours() * 3_600_000L, restore,
        writes -> reader.executeBlocking(() -> {
          writes.run();
          return null;
        }, true), recent));
    Gauge.builder("delivery_log_pending_messages", () -> stat(destinationId).notDone())
        .description("messages recorded in the durable log and not yet final").tag("destination", destinationId).register(metrics);
    Gauge.builder("delivery_log_oldest_pending_age_seconds", () -> stat(destinationId).oldestNotDoneAgeMs() / 1000.0)
        .description("how long the oldest message not yet final has been in the durable log").tag("destination", destinationId)
        .register(metrics);
    Gauge.builder("delivery_dead_letters", () -> deadLetters.get(destinationId).size())
        .description("messages kept as dead letters (FAILED after maxRetryHours)").tag("destination", destinationId).register(metrics);
  }

  private LogStats stat(String destinationId) {
    LogStats s = log.stats().get(destinationId);
    return s != null ? s : new LogStats(0, 0, 0, 0);
  }

  /** Starts reading the log, on the feeds' loop. */
  public void startReading() {
    reader.runOnContext(v -> log.start(reader, new LogDelivery(feeds)));
  }

  /**
   * Whether this instance delivers the destination now: always with the embedded log, and with Kafka while this
   * instance owns its partition. Pull jobs (email events, the warehouse) run only there, so two instances never do.
   */
  public boolean owns(String destinationId) {
    if (!(log instanceof KafkaLog)) return true;
    DestinationFeed feed = feeds.get(destinationId);
    return feed != null && feed.owned();
  }

  /** For /status: the log's lag and the dead letters of a destination. */
  public Map<String, Object> status(String destinationId) {
    LogStats s = stat(destinationId);
    DeadLetters d = deadLetters.get(destinationId);
    return Map.of("pendingMessages", s.notDone(), "oldestPendingAgeSeconds", s.oldestNotDoneAgeMs() / 1000,
        "deadLetters", d == null ? 0 : d.size());
  }

  public DeadLetters deadLetters(String destinationId) {
    return deadLetters.get(destinationId);
  }

  /**
   * Sends a destination's dead letters again: recorded anew (a fresh retry window) and removed from the
   * dead letters once the log has them. Returns how many.
   */
  public Future<Integer> replay(String destinationId) {
    DeadLetters d = deadLetters.get(destinationId);
    Receipts r = receipts.get(destinationId);
    List<DeadLetter> letters = new ArrayList<>(d.list(Integer.MAX_VALUE, null));
    letters.removeIf(l -> "UNREADABLE_RECORD".equals(l.reason()));
    if (letters.isEmpty()) return Future.succeededFuture(0);
    List<byte[]> entries = new ArrayList<>(letters.size());
    for (DeadLetter l : letters) entries.add(l.recorded());
    return log.append(destinationId, entries).map(v -> {
      for (DeadLetter l : letters) {
        r.acceptedAgain(l.messageId(), l.type());
        d.remove(l.messageId());
      }
      return letters.size();
    });
  }

  /** Stops reading and appending: entries not final are read again on the next start (or by the next owner). */
  public Future<Void> close() {
    return log.close();
  }
}
