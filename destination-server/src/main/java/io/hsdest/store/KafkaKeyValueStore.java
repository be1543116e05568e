package io.hsdest.store;

import io.hsdest.config.KafkaSettings;
import io.hsdest.kafka.KafkaClients;
import io.hsdest.kafka.KafkaTopics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyValueStore} shared by every instance through a compacted Kafka topic
 * ({@code server.kafka.stateTopic}): each put or remove is produced (key = map name + NUL + key; a
 * remove is a tombstone; acks=all, idempotent), and every instance consumes the whole topic
 * continuously into a sorted in-memory view, so any instance answers a lookup and the next owner
 * of a destination finds what the previous one committed.
 *
 * <p>Reads are of the local view: this instance's own writes at once, others' as they arrive. A
 * write by another instance that is older in the topic than one of ours not yet read back does not
 * overwrite ours, so the view always converges on the topic's last value. {@link #commit()}
 * completes once every write before it is acknowledged (failed sends are sent again with the key's
 * current value; the commit fails after {@code appendTimeoutMs} while they go on). {@link #caughtUp()}
 * completes once the view holds everything in the topic as of the call. Compaction keeps the latest
 * value of each key; tombstones are dropped after {@code delete.retention.ms} (1 day).
 */
public final class KafkaKeyValueStore implements KeyValueStore {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaKeyValueStore.class);
  private static final char SEP = '\u0000';
  private static final String WRITER = "writer";
  private static final int STRIPES = 64;
  private static final long RESEND_MS = 1_000;

  private final Vertx vertx;
  private final KafkaSettings settings;
  private final byte[] instance;
  private final Map<String, SortedView> views = new ConcurrentHashMap<>();
  /** Full key -> our writes not yet read back from the topic. */
  private final Map<String, Integer> ownPending = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[STRIPES];
  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService sending;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread consumerThread;
  private final Object commits = new Object();
  private long nextSeq; // guarded by commits
  private final ConcurrentSkipListSet<Long> unacked = new ConcurrentSkipListSet<>();
  private final List<Waiter> waiters = new ArrayList<>(); // guarded by commits
  private final ConcurrentLinkedQueue<Waiter> catchUpRequests = new ConcurrentLinkedQueue<>();
  private final List<CatchUp> catchUps = new ArrayList<>(); // consumer thread
  private volatile boolean closed;
  private final Promise<Void> stopped = Promise.promise();

  private record Waiter(long target, Promise<Void> promise, Context context) {
    void complete(Throwable failure) {
      Runnable r = failure == null ? promise::tryComplete : () -> promise.tryFail(failure);
      if (context != null) context.runOnContext(v -> r.run());
      else r.run();
    }
  }

  private record CatchUp(Map<TopicPartition, Long> endOffsets, Waiter waiter) {}

  private KafkaKeyValueStore(Vertx vertx, KafkaSettings settings, String instanceId, List<TopicPartition> partitions) {
    this.vertx = vertx;
    this.settings = settings;
    this.instance = instanceId.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < STRIPES; i++) stripes[i] = new Object();
    this.producer = new KafkaProducer<>(KafkaClients.producer(settings, instanceId + "-state-producer"));
    this.sending = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kafka-state-producer");
      t.setDaemon(true);
      return t;
    });
    Map<String, Object> p = KafkaClients.common(settings, instanceId + "-state-consumer");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(p);
    consumer.assign(partitions); // every instance reads every partition: no group
    consumer.seekToBeginning(partitions);
    this.consumerThread = new Thread(this::consume, "kafka-state-consumer");
    consumerThread.setDaemon(true);
  }

  /**
   * Creates the compacted topic when missing (1 partition; {@code cleanup.policy=compact},
   * {@code min.compaction.lag.ms} 1 min, {@code segment.ms} 1 h so old values are compacted away),
   * then starts reading it from the beginning. Wait for {@link #caughtUp()} before serving.
   */
  public static Future<KafkaKeyValueStore> open(Vertx vertx, KafkaSettings settings, String instanceId) {
    return vertx.executeBlocking(() -> {
      try (Admin admin = Admin.create(KafkaClients.admin(settings, instanceId + "-state-admin"))) {
        KafkaTopics.ensure(admin, settings.stateTopic(), 1, settings.replicationFactor(), Map.of("cleanup.policy", "compact",
            "min.compaction.lag.ms", "60000", "segment.ms", "3600000", "delete.retention.ms", "86400000"));
        List<TopicPartition> partitions = new ArrayList<>();
        for (var d : admin.describeTopics(List.of(settings.stateTopic())).allTopicNames().get(60, TimeUnit.SECONDS)
            .get(settings.stateTopic()).partitions()) {
          partitions.add(new TopicPartition(settings.stateTopic(), d.partition()));
        }
        KafkaKeyValueStore store = new KafkaKeyValueStore(vertx, settings, instanceId, partitions);
        store.consumerThread.start();
        return store;
      }
    }, false);
  }

  @Override
  public KeyValueMap map(String name) {
    if (name.indexOf(SEP) >= 0) throw new IllegalArgumentException("a map name cannot hold NUL");
    SortedView view = views.computeIfAbsent(name, n -> new SortedView());
    return new SharedMap(name, view);
  }

  @Override
  public boolean durable() {
    return true;
  }

  // ---- writing ----

  private final class SharedMap implements KeyValueMap {
    private final String name;
    private final SortedView view;

    SharedMap(String name, SortedView view) {
      this.name = name;
      this.view = view;
    }

    @Override
    public String get(String key) {
      return view.get(key);
    }

    @Override
    public void put(String key, String value) {
      write(name, view, key, value);
    }

    @Override
    public void remove(String key) {
      write(name, view, key, null);
    }

    @Override
    public Iterable<Map.Entry<String, String>> withPrefix(String prefix) {
      return view.withPrefix(prefix);
    }

    @Override
    public long size() {
      return view.size();
    }
  }

  private void write(String name, SortedView view, String key, String value) {
    if (closed) throw new IllegalStateException("the shared state store is closed");
    String full = name + SEP + key;
    synchronized (stripe(full)) {
      ownPending.merge(full, 1, Integer::sum);
      if (value == null) view.remove(key);
      else view.put(key, value);
    }
    long seq;
    synchronized (commits) {
      seq = nextSeq++;
      unacked.add(seq);
    }
    sending.execute(() -> send(seq, full, name, key));
  }

  /** Sends the key's current value (a resend after a failure sends what is newest, never an older value). */
  private void send(long seq, String full, String name, String key) {
    String value = views.get(name).get(key);
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(settings.stateTopic(), null, full.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8), List.<Header>of(new RecordHeader(WRITER, instance)));
    try {
      producer.send(r, (md, e) -> {
        if (e == null) acked(seq);
        else resendLater(seq, full, name, key, e);
      });
    } catch (RuntimeException e) {
      if (!closed) resendLater(seq, full, name, key, e);
    }
  }

  private void resendLater(long seq, String full, String name, String key, Exception e) {
    if (closed) return;
    LOG.warn("shared state: a write was not acknowledged by Kafka ({}); sending it again", e.getClass().getSimpleName());
    sending.schedule(() -> send(seq, full, name, key), RESEND_MS, TimeUnit.MILLISECONDS);
  }

  private void acked(long seq) {
    unacked.remove(seq);
    List<Waiter> done = new ArrayList<>();
    synchronized (commits) {
      long firstUnacked = unacked.isEmpty() ? Long.MAX_VALUE : unacked.first();
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.target() < firstUnacked) {
          done.add(w);
          it.remove();
        }
      }
    }
    done.forEach(w -> w.complete(null));
  }

  @Override
  public Future<Void> commit() {
    Promise<Void> p = Promise.promise();
    Waiter w;
    synchronized (commits) {
      long target = nextSeq - 1;
      if (unacked.isEmpty() || unacked.first() > target) return Future.succeededFuture();
      w = new Waiter(target, p, Vertx.currentContext());
      waiters.add(w);
    }
    vertx.setTimer(settings.appendTimeoutMs(), id -> {
      boolean waiting;
      synchronized (commits) {
        waiting = waiters.remove(w);
      }
      if (waiting) w.complete(new TimeoutException("the shared state was not acknowledged by Kafka within "
          + settings.appendTimeoutMs() + " ms (server.kafka.appendTimeoutMs); the writes are sent again until it is"));
    });
    return p.future();
  }

  // ---- reading ----

  /** Completes once the local view holds everything the topic held when this was called. */
  public Future<Void> caughtUp() {
    Promise<Void> p = Promise.promise();
    catchUpRequests.add(new Waiter(0, p, Vertx.currentContext()));
    consumer.wakeup();
    return p.future();
  }

  private void consume() {
    try {
      while (!closed) {
        try {
          for (Waiter w; (w = catchUpRequests.peek()) != null; ) {
            catchUps.add(new CatchUp(consumer.endOffsets(consumer.assignment(), Duration.ofMillis(settings.appendTimeoutMs())), w));
            catchUpRequests.poll();
          }
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) apply(r);
          for (Iterator<CatchUp> it = catchUps.iterator(); it.hasNext(); ) {
            CatchUp c = it.next();
            boolean reached = true;
            for (var e : c.endOffsets().entrySet()) reached &= consumer.position(e.getKey()) >= e.getValue();
            if (reached) {
              c.waiter().complete(null);
              it.remove();
            }
          }
        } catch (WakeupException e) {
          // a catch-up request, or closing: any call may be the one woken
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          LOG.warn("shared state: Kafka does not answer ({}); trying again", e.getMessage());
        }
      }
      consumer.close(Duration.ofSeconds(5));
      stopped.tryComplete();
    } catch (Throwable t) {
      LOG.error("the shared state's consumer stopped: {}", t.toString(), t);
      stopped.tryFail(t);
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) {
    if (r.key() == null) return;
    String full = new String(r.key(), StandardCharsets.UTF_8);
    int sep = full.indexOf(SEP);
    if (sep < 0) return;
    Header writer = r.headers().lastHeader(WRITER);
    boolean own = writer != null && Arrays.equals(writer.value(), instance);
    SortedView view = views.computeIfAbsent(full.substring(0, sep), n -> new SortedView());
    String key = full.substring(sep + 1);
    synchronized (stripe(full)) {
      Integer pending = ownPending.get(full);
      if (pending != null) {
        // one of our writes is still ahead of this record in the topic: ours wins, whoever wrote this one
        if (own) ownPending.computeIfPresent(full, (k, n) -> n <= 1 ? null : n - 1);
        return;
      }
      if (r.value() == null) view.remove(key);
      else view.put(key, new String(r.value(), StandardCharsets.UTF_8));
    }
  }

  private Object stripe(String full) {
    return stripes[(full.hashCode() & 0x7fffffff) % STRIPES];
  }

  /** Stops reading and writing; waits (bounded) for writes in flight to be acknowledged. */
  public Future<Void> close() {
    if (closed) return stopped.future();
    closed = true;
    consumer.wakeup();
    return stopped.future().eventually(() -> vertx.executeBlocking(() -> {
      sending.shutdown();
      sending.awaitTermination(5, TimeUnit.SECONDS);
      producer.close(Duration.ofSeconds(10));
      return null;
    }, false));
  }
}
