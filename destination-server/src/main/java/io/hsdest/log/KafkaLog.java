package io.hsdest.log;

import io.hsdest.config.KafkaSettings;
import io.hsdest.kafka.KafkaClients;
import io.hsdest.kafka.KafkaTopics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable log in Apache Kafka ({@code server.kafka.bootstrapServers} set): one topic, records
 * keyed by destination id (so a destination's messages, and each of its users' order, live in one
 * partition), read by a consumer group every instance shares, so each destination is read by one
 * instance at a time.
 *
 * <p>Appends go through an idempotent producer with acks=all and complete when every in-sync replica
 * has them, or fail with {@link LogUnavailable} within {@code appendTimeoutMs} (the producer's calls,
 * which may block, run on their own thread). The consumer runs on its own thread (KafkaConsumer is
 * not thread-safe): cooperative rebalancing; a partition newly assigned is paused until the shared
 * state has caught up ({@code stateCaughtUp}), then its destinations are {@code assigned}; a
 * partition revoked commits what is done, tells {@code revoked} and waits for the reader to have
 * heard it. Offsets committed are the first not done of each partition (entries done in any order),
 * so an instance that dies leaves its entries not done to the next owner. Flow control pauses a
 * partition while one of its destinations has {@code maxNotDone} entries not done (destinations
 * that share a partition wait together).
 */
public final class KafkaLog implements MessageLog {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaLog.class);
  private static final long COMMIT_INTERVAL_MS = 500;
  private static final long REVOKE_WAIT_MS = 5_000;

  private final KafkaSettings settings;
  private final int partitions;
  private final int maxNotDone;
  /** Offsets between a partition's first not done and its last fetched, at most: bounds memory when one entry stays not done. */
  private final long maxSpan;
  private final Supplier<Future<Void>> stateCaughtUp;
  private final Collection<String> knownDestinations;
  private final Clock clock;
  private final String clientId;
  private final KafkaProducer<byte[], byte[]> producer;
  private final ExecutorService sending;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private volatile Map<String, LogStats> stats = Map.of();
  private volatile boolean closed;
  private volatile boolean crashed;
  private Thread consumerThread;
  private KafkaConsumer<byte[], byte[]> consumer;
  private Context context;
  private LogReader reader;
  private final Promise<Void> stopped = Promise.promise();
  /** Consumer thread only. */
  private final Map<TopicPartition, PartitionState> owned = new HashMap<>();
  private long lastCommitMs;

  private KafkaLog(KafkaSettings settings, int partitions, int maxNotDone, Supplier<Future<Void>> stateCaughtUp,
      Collection<String> knownDestinations, Clock clock, String clientId) {
    this.settings = settings;
    this.partitions = partitions;
    this.maxNotDone = maxNotDone;
    this.maxSpan = Math.max(16L * maxNotDone, 4096);
    this.stateCaughtUp = stateCaughtUp;
    this.knownDestinations = List.copyOf(knownDestinations);
    this.clock = clock;
    this.clientId = clientId;
    this.producer = new KafkaProducer<>(KafkaClients.producer(settings, clientId + "-log-producer"));
    this.sending = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kafka-log-producer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Creates the topic when missing (partitions, replication, {@code min.insync.replicas}, and
   * {@code retention.ms} long enough for {@code retentionMs}), then the producer; on a worker thread.
   *
   * @param knownDestinations destinations configured here: told {@code assigned} as soon as their
   *     partition is owned; others are told when their first entry arrives
   * @param stateCaughtUp completes once the shared state has caught up with what is committed now
   */
  public static Future<KafkaLog> open(Vertx vertx, KafkaSettings settings, int maxNotDonePerDestination, long retentionMs,
      Collection<String> knownDestinations, Supplier<Future<Void>> stateCaughtUp, Clock clock, String instanceId) {
    return vertx.executeBlocking(() -> {
      int count;
      try (Admin admin = Admin.create(KafkaClients.admin(settings, instanceId + "-log-admin"))) {
        count = KafkaTopics.ensure(admin, settings.topic(), settings.partitions(), settings.replicationFactor(),
            Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(retentionMs)));
      }
      return new KafkaLog(settings, count, maxNotDonePerDestination, stateCaughtUp, knownDestinations, clock, instanceId);
    }, false);
  }

  /** How long the topic keeps messages: twice the retry window, at least 7 days (instances may all be down a while). */
  public static long retentionFor(int maxRetryHours) {
    return Math.max(7L * 24 * 3_600_000L, 2L * maxRetryHours * 3_600_000L);
  }

  /** The partition of a destination: Kafka's own rule for keyed records, so every producer agrees. */
  static int partitionOf(String destinationId, int partitions) {
    return Utils.toPositive(Utils.murmur2(destinationId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  // ---- appending ----

  @Override
  public Future<Void> append(String destinationId, List<byte[]> entries) {
    if (entries.isEmpty()) return Future.succeededFuture();
    if (closed) return Future.failedFuture(new LogUnavailable("the server is shutting down", 1_000));
    Context caller = Vertx.currentContext();
    Promise<Void> promise = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.appendTimeoutMs());
    List<byte[]> copy = List.copyOf(entries);
    sending.execute(() -> send(destinationId, copy, deadline, failure -> {
      Runnable r = failure == null ? promise::complete : () -> promise.fail(failure);
      if (caller != null) caller.runOnContext(v -> r.run());
      else r.run();
    }));
    return promise.future();
  }

  private void send(String destinationId, List<byte[]> entries, long deadline, java.util.function.Consumer<Throwable> done) {
    if (System.nanoTime() > deadline) { // waited behind appends that hung on an unreachable cluster
      done.accept(unavailable(null));
      return;
    }
    byte[] key = destinationId.getBytes(StandardCharsets.UTF_8);
    int partition = partitionOf(destinationId, partitions);
    long now = clock.millis();
    AtomicInteger remaining = new AtomicInteger(entries.size());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < entries.size(); i++) {
      try {
        producer.send(new ProducerRecord<>(settings.topic(), partition, now, key, entries.get(i)), (md, e) -> {
          if (e != null) failure.compareAndSet(null, e);
          if (remaining.decrementAndGet() == 0) done.accept(failure.get() == null ? null : unavailable(failure.get()));
        });
      } catch (RuntimeException e) { // metadata not available within max.block.ms, or the producer is closed
        failure.compareAndSet(null, e);
        int unsent = entries.size() - i;
        if (remaining.addAndGet(-unsent) == 0) done.accept(unavailable(e));
        return;
      }
    }
  }

  private LogUnavailable unavailable(Throwable cause) {
    String why = cause == null ? "timeout" : cause.getClass().getSimpleName();
    return new LogUnavailable("Kafka did not acknowledge the message within " + settings.appendTimeoutMs()
        + " ms (server.kafka.appendTimeoutMs; " + why + ")", Math.max(1_000, settings.appendTimeoutMs() / 2), cause);
  }

  // ---- reading ----

  @Override
  public void start(Context context, LogReader reader) {
    if (this.context != null) throw new IllegalStateException("the log is read already");
    this.context = context;
    this.reader = reader;
    Map<String, Object> p = KafkaClients.common(settings, clientId + "-log-consumer");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeoutMs());
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, settings.sessionTimeoutMs() / 4));
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    consumer = new KafkaConsumer<>(p);
    consumerThread = new Thread(this::consume, "kafka-log-consumer");
    consumerThread.setDaemon(true);
    consumerThread.start();
  }

  private void consume() {
    try {
      consumer.subscribe(List.of(settings.topic()), new Rebalance());
      while (!closed) {
        try {
          runCommands();
          boolean waiting = owned.values().stream().anyMatch(PartitionState::hasPending);
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(waiting ? 50 : 500))) fetched(r);
          runCommands();
          handOut();
          commit(false);
          publishStats();
        } catch (WakeupException e) {
          // a done() made room, the shared state caught up, or closing: any blocking call may be the one woken
        }
      }
      if (crashed) {
        consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
            .withTimeout(Duration.ZERO));
      } else {
        runCommands();
        commit(true);
        for (PartitionState s : owned.values()) s.revoke();
        owned.clear();
        consumer.close(Duration.ofSeconds(10));
      }
      stopped.tryComplete();
    } catch (Throwable t) {
      LOG.error("the Kafka log's consumer stopped: {}", t.toString(), t);
      stopped.tryFail(t);
    }
  }

  private void runCommands() {
    for (Runnable c; (c = commands.poll()) != null; ) c.run();
  }

  private void fetched(ConsumerRecord<byte[], byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    PartitionState s = owned.get(tp);
    if (s == null) return; // revoked between fetch and now: the next owner reads it
    String dest = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
    s.fetched(dest, r);
  }

  private void handOut() {
    for (PartitionState s : owned.values()) {
      if (!s.ready) continue;
      s.handOut();
      if (s.hasPending() || s.window.span() >= maxSpan) {
        if (!s.paused) {
          consumer.pause(List.of(s.tp));
          s.paused = true;
        }
      } else if (s.paused) {
        consumer.resume(List.of(s.tp));
        s.paused = false;
      }
    }
  }

  /** Commits each partition's first offset not done (synchronously when leaving, else at most every {@link #COMMIT_INTERVAL_MS}). */
  private void commit(boolean sync) {
    long now = System.currentTimeMillis();
    if (!sync && now - lastCommitMs < COMMIT_INTERVAL_MS) return;
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionState s : owned.values()) {
      long offset = s.committable();
      if (offset > s.committed) offsets.put(s.tp, new OffsetAndMetadata(offset));
    }
    lastCommitMs = now;
    if (offsets.isEmpty()) return;
    if (sync) {
      try {
        try {
          consumer.commitSync(offsets, Duration.ofSeconds(10));
        } catch (WakeupException e) { // woken by a done(): the wake-up is spent, commit again
          consumer.commitSync(offsets, Duration.ofSeconds(10));
        }
        offsets.forEach((tp, o) -> {
          PartitionState s = owned.get(tp);
          if (s != null) s.committed = o.offset();
        });
      } catch (RuntimeException e) {
        LOG.warn("Kafka log: committing offsets failed ({}); entries done since the last commit are read again", e.toString());
      }
    } else {
      consumer.commitAsync(offsets, (committed, e) -> {
        if (e != null) {
          LOG.debug("Kafka log: commit failed, it is retried: {}", e.toString());
          return;
        }
        committed.forEach((tp, o) -> {
          PartitionState s = owned.get(tp);
          if (s != null) s.committed = Math.max(s.committed, o.offset());
        });
      });
    }
  }

  /** The consumer's position; a pending wake-up (from a done()) is spent and the call made again. */
  private long position(TopicPartition tp) {
    for (int i = 0; ; i++) {
      try {
        return consumer.position(tp);
      } catch (WakeupException e) {
        if (i == 3) throw e;
      }
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      for (TopicPartition tp : assigned) {
        long start = position(tp);
        PartitionState s = new PartitionState(tp, start);
        owned.put(tp, s);
        consumer.pause(List.of(tp)); // until the shared state has caught up
        s.paused = true;
        stateCaughtUp.get().onComplete(ar -> {
          if (ar.failed()) LOG.warn("Kafka log: the shared state did not catch up ({}); reading partition {} anyway", ar.cause().toString(), tp);
          commands.add(() -> s.ready());
          consumer.wakeup();
        });
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      runCommands(); // done() calls already made count
      commit(true);
      for (TopicPartition tp : revoked) {
        PartitionState s = owned.remove(tp);
        if (s != null) s.revoke();
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      for (TopicPartition tp : lost) {
        PartitionState s = owned.remove(tp);
        if (s != null) s.revoke();
      }
    }
  }

  /** One partition owned here (consumer thread only). */
  private final class PartitionState {
    final TopicPartition tp;
    final DoneWindow window;
    final Map<String, DestinationState> destinations = new LinkedHashMap<>();
    boolean ready;
    boolean paused;
    boolean revoked;
    long committed;

    PartitionState(TopicPartition tp, long start) {
      this.tp = tp;
      this.window = new DoneWindow(start);
      this.committed = start;
      for (String d : knownDestinations) if (partitionOf(d, partitions) == tp.partition()) destinations.put(d, new DestinationState(d));
    }

    void ready() {
      if (revoked) return;
      ready = true;
      for (DestinationState d : destinations.values()) d.tellAssigned();
    }

    void fetched(String dest, ConsumerRecord<byte[], byte[]> r) {
      window.add(r.offset(), r.timestamp());
      destinations.computeIfAbsent(dest, DestinationState::new).pending.add(r);
    }

    boolean hasPending() {
      for (DestinationState d : destinations.values()) if (!d.pending.isEmpty()) return true;
      return false;
    }

    void handOut() {
      for (DestinationState d : destinations.values()) d.handOut(this);
    }

    long committable() {
      return window.base() < window.next() ? window.base() : Math.max(window.next(), position(tp));
    }

    void done(DestinationState d, long offset) {
      if (revoked || !window.done(offset)) return;
      d.notDone.remove(offset);
    }

    void revoke() {
      revoked = true;
      List<Future<Void>> told = new ArrayList<>();
      for (DestinationState d : destinations.values()) if (d.assignedTold) told.add(onContext(() -> reader.revoked(d.id)));
      try { // the reader stops working on them before another instance starts
        Future.all(told).toCompletionStage().toCompletableFuture().get(REVOKE_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("Kafka log: the reader did not hear of revoked partition {} within {} ms", tp, REVOKE_WAIT_MS);
      }
    }
  }

  /** One destination of an owned partition (consumer thread only). */
  private final class DestinationState {
    final String id;
    final java.util.ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new java.util.ArrayDeque<>();
    /** Offsets handed out and not done -> append time. */
    final java.util.TreeMap<Long, Long> notDone = new java.util.TreeMap<>();
    /** Reading waits for room: a done() should wake the consumer (read from the reader's context). */
    volatile boolean full;
    boolean assignedTold;

    DestinationState(String id) {
      this.id = id;
    }

    void tellAssigned() {
      if (assignedTold) return;
      assignedTold = true;
      onContext(() -> reader.assigned(id));
    }

    void handOut(PartitionState partition) {
      int room = maxNotDone - notDone.size();
      full = room <= 0 && !pending.isEmpty();
      if (pending.isEmpty() || room <= 0) return;
      tellAssigned();
      List<LogEntry> batch = new ArrayList<>(Math.min(room, pending.size()));
      while (!pending.isEmpty() && batch.size() < room) {
        ConsumerRecord<byte[], byte[]> r = pending.poll();
        notDone.put(r.offset(), r.timestamp());
        batch.add(new Entry(r.value(), r.offset(), r.timestamp(), partition, this));
      }
      onContext(() -> reader.entries(id, batch));
    }
  }

  private Future<Void> onContext(Runnable r) {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        r.run();
      } finally {
        p.complete();
      }
    });
    return p.future();
  }

  private final class Entry implements LogEntry {
    private final byte[] payload;
    private final long offset;
    private final long appendedAt;
    private final PartitionState partition;
    private final DestinationState destination;

    Entry(byte[] payload, long offset, long appendedAt, PartitionState partition, DestinationState destination) {
      this.payload = payload;
      this.offset = offset;
      this.appendedAt = appendedAt;
      this.partition = partition;
      this.destination = destination;
    }

    @Override
    public byte[] payload() {
      return payload;
    }

    @Override
    public long position() {
      return offset;
    }

    @Override
    public long appendedAtMs() {
      return appendedAt;
    }

    @Override
    public void done() {
      commands.add(() -> partition.done(destination, offset));
      if (destination.full) consumer.wakeup(); // reading waits for room: resume soon
    }
  }

  // ---- stats, closing ----

  private void publishStats() {
    Map<String, LogStats> out = new LinkedHashMap<>();
    long now = clock.millis();
    for (PartitionState s : owned.values()) {
      long lag = consumer.currentLag(s.tp).orElse(0);
      for (DestinationState d : s.destinations.values()) {
        long oldest = !d.notDone.isEmpty() ? d.notDone.firstEntry().getValue()
            : !d.pending.isEmpty() ? d.pending.peek().timestamp() : -1;
        out.put(d.id, new LogStats(d.notDone.size() + d.pending.size() + lag, oldest < 0 ? 0 : Math.max(0, now - oldest), -1, -1));
      }
    }
    stats = out;
  }

  @Override
  public Map<String, LogStats> stats() {
    return stats;
  }

  @Override
  public Future<Void> close() {
    return stop(false);
  }

  /** Dies as a killed process would: no commit, no leaving the group, nothing flushed (tests of instance death). */
  Future<Void> crash() {
    return stop(true);
  }

  private Future<Void> stop(boolean crash) {
    if (closed) return stopped.future();
    crashed = crash;
    closed = true;
    if (consumer != null) consumer.wakeup();
    else stopped.tryComplete();
    return stopped.future().eventually(() -> {
      sending.shutdown();
      producer.close(crash ? Duration.ZERO : Duration.ofSeconds(10));
      return Future.succeededFuture();
    });
  }
}
