package io.hsdest.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsdest.config.KafkaSettings;
import io.hsdest.store.KafkaKeyValueStore;
import io.hsdest.store.KeyValueMap;
import io.hsdest.testkit.KafkaBroker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Kafka log against a real broker (one for the class, in a child JVM): appends acknowledged by
 * the broker, reading in order, contiguous commits, a consumer group splitting destinations between
 * instances, an instance leaving or dying, the shared state caught up before a destination is
 * assigned, and the broker going down and coming back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaLogTest {
  private static KafkaBroker broker;
  private Vertx vertx;
  private KafkaSettings settings;
  private final List<KafkaLog> logs = new ArrayList<>();
  private final List<KafkaKeyValueStore> stores = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    settings = KafkaSettings.defaults(broker.bootstrapServers())
        .withTopics(KafkaBroker.unique("messages"), KafkaBroker.unique("state"), KafkaBroker.unique("group"))
        .withPartitions(4).withTimeouts(4_000, 3_000);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (KafkaLog l : logs) await(l.close());
    for (KafkaKeyValueStore s : stores) await(s.close());
    await(vertx.close());
  }

  private KafkaLog open(String instance, int maxNotDone, List<String> known, Supplier<Future<Void>> caughtUp) throws Exception {
    KafkaLog log = await(KafkaLog.open(vertx, settings, maxNotDone, 7 * 24 * 3_600_000L, known, caughtUp, Clock.systemUTC(), instance));
    logs.add(log);
    return log;
  }

  private KafkaLog open(String instance) throws Exception {
    return open(instance, 10_000, List.of(), Future::succeededFuture);
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception x) throw x;
      throw e;
    }
  }

  private static List<byte[]> texts(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> (prefix + i).getBytes(StandardCharsets.UTF_8)).toList();
  }

  private static List<String> strings(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
  }

  private static void onContext(Context ctx, Runnable r) throws Exception {
    CompletableFuture<Void> f = new CompletableFuture<>();
    ctx.runOnContext(v -> {
      r.run();
      f.complete(null);
    });
    f.get(30, TimeUnit.SECONDS);
  }

  /** One destination id on each partition. */
  private static List<String> onePerPartition(int partitions) {
    Map<Integer, String> byPartition = new LinkedHashMap<>();
    for (int i = 0; byPartition.size() < partitions; i++) byPartition.putIfAbsent(KafkaLog.partitionOf("dest-" + i, partitions), "dest-" + i);
    return List.copyOf(byPartition.values());
  }

  @Test
  @Order(1)
  void appendedEntriesAreReadInOrderAndDoneOnesAreNotReadAgain() throws Exception {
    KafkaLog log = open("a");
    for (int i = 0; i < 10; i++) await(log.append("acme", texts("m", i * 50, i * 50 + 50)));
    Context ctx = vertx.getOrCreateContext();
    RecordingReader reader = new RecordingReader(false);
    log.start(ctx, reader);
    reader.awaitCount("acme", 500, 60);
    assertThat(reader.payloads("acme")).containsExactlyElementsOf(strings("m", 0, 500));
    assertThat(reader.events().get(0)).isEqualTo("assigned acme");
    assertThat(reader.entries("acme").get(0).appendedAtMs()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    // done out of order: 0..99 and 150..499; 100..149 are still being delivered when the instance stops
    List<LogEntry> all = reader.entries("acme");
    onContext(ctx, () -> {
      for (int i = 499; i >= 150; i--) all.get(i).done();
      for (int i = 0; i < 100; i++) all.get(i).done();
    });
    await(log.close());
    logs.remove(log);
    assertThat(reader.events()).endsWith("revoked acme");

    KafkaLog again = open("a2");
    await(again.append("acme", texts("n", 0, 1)));
    RecordingReader second = new RecordingReader(false);
    again.start(vertx.getOrCreateContext(), second);
    second.awaitCount("acme", 401, 60);
    List<String> expected = new ArrayList<>(strings("m", 100, 500));
    expected.add("n0");
    assertThat(second.payloads("acme")).as("from the first entry not done on").containsExactlyElementsOf(expected);
  }

  @Test
  @Order(2)
  void readingPausesAtTheInFlightBoundAndResumes() throws Exception {
    KafkaLog log = open("a", 25, List.of(), Future::succeededFuture);
    await(log.append("acme", texts("m", 0, 300)));
    Context ctx = vertx.getOrCreateContext();
    RecordingReader reader = new RecordingReader(false);
    log.start(ctx, reader);
    reader.awaitCount("acme", 25, 60);
    while (reader.entries("acme").size() < 300) {
      int before = reader.entries("acme").size();
      onContext(ctx, () -> reader.notDoneEntries("acme").subList(0, 10).forEach(reader::done));
      reader.awaitCount("acme", Math.min(300, before + 10), 60);
    }
    assertThat(reader.maxNotDone("acme")).isEqualTo(25);
    assertThat(reader.payloads("acme")).containsExactlyElementsOf(strings("m", 0, 300));
    assertThat(log.stats().get("acme").notDone()).isLessThanOrEqualTo(25);
  }

  @Test
  @Order(3)
  void twoInstancesSplitTheDestinationsAndTheSurvivorTakesOverWhatTheOtherLeft() throws Exception {
    List<String> dests = onePerPartition(4);
    KafkaLog a = open("a", 10_000, dests, Future::succeededFuture);
    RecordingReader readerA = new RecordingReader(false);
    a.start(vertx.getOrCreateContext(), readerA);
    readerA.await(r -> r.owned().size() == 4, 60, "instance a owns everything");
    KafkaLog b = open("b", 10_000, dests, Future::succeededFuture);
    RecordingReader readerB = new RecordingReader(false);
    b.start(vertx.getOrCreateContext(), readerB);
    readerB.await(r -> r.owned().size() == 2, 60, "instance b takes half");
    readerA.await(r -> r.owned().size() == 2, 60, "instance a gives half up");
    assertThat(readerA.owned()).doesNotContainAnyElementsOf(readerB.owned());
    for (String d : dests) await(a.append(d, texts(d + "-", 0, 20)));
    for (String d : dests) {
      RecordingReader owner = readerA.owned().contains(d) ? readerA : readerB;
      owner.awaitCount(d, 20, 60);
    }
    // a leaves (a clean stop) with nothing done: b reads all of a's entries
    List<String> ofA = List.copyOf(readerA.owned());
    await(a.close());
    logs.remove(a);
    readerB.await(r -> r.owned().size() == 4, 60, "b takes over a's destinations");
    for (String d : ofA) {
      readerB.awaitCount(d, 20, 60);
      assertThat(readerB.payloads(d)).containsExactlyElementsOf(strings(d + "-", 0, 20));
    }
  }

  @Test
  @Order(4)
  void whenAnInstanceDiesItsDestinationsAndTheirEntriesNotDoneMoveToAnother() throws Exception {
    List<String> dests = onePerPartition(4);
    KafkaLog a = open("a", 10_000, dests, Future::succeededFuture);
    Context ctxA = vertx.getOrCreateContext();
    RecordingReader readerA = new RecordingReader(false);
    a.start(ctxA, readerA);
    readerA.await(r -> r.owned().size() == 4, 60, "a owns everything");
    KafkaLog b = open("b", 10_000, dests, Future::succeededFuture);
    RecordingReader readerB = new RecordingReader(false);
    b.start(vertx.getOrCreateContext(), readerB);
    readerB.await(r -> r.owned().size() == 2, 60, "b takes half");
    readerA.await(r -> r.owned().size() == 2, 60, "a gives half up");
    List<String> ofA = List.copyOf(readerA.owned());
    String dest = ofA.get(0);
    await(b.append(dest, texts("x", 0, 10)));
    readerA.awaitCount(dest, 10, 60);
    List<LogEntry> seen = readerA.entries(dest);
    onContext(ctxA, () -> seen.subList(0, 6).forEach(LogEntry::done));
    // let a commit the six done entries (its periodic commit), then die without a word
    await(a.append(dest, texts("y", 0, 1)));
    readerA.awaitCount(dest, 11, 60);
    onContext(ctxA, () -> {});
    awaitCommitted(dest, 6);
    await(a.crash());
    logs.remove(a);
    readerB.await(r -> r.owned().containsAll(ofA), 60, "b takes over after a's session times out");
    readerB.awaitCount(dest, 5, 60);
    assertThat(readerB.payloads(dest)).containsExactly("x6", "x7", "x8", "x9", "y0");
  }

  /** Waits until the group's committed offset of the destination's partition reaches {@code offset}. */
  private void awaitCommitted(String dest, long offset) throws Exception {
    var tp = new org.apache.kafka.common.TopicPartition(settings.topic(), KafkaLog.partitionOf(dest, 4));
    try (var admin = org.apache.kafka.clients.admin.Admin.create(io.hsdest.kafka.KafkaClients.admin(settings, "test-admin"))) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        var offsets = admin.listConsumerGroupOffsets(settings.groupId()).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        var committed = offsets.get(tp);
        if (committed != null && committed.offset() >= offset) return;
        assertThat(System.nanoTime()).as("offset %d committed", offset).isLessThan(until);
        Thread.sleep(100); // polling the broker: there is no event to wait for across processes
      }
    }
  }

  /** Waits until the group gives the destination's partition to the consumer of that client id. */
  private void awaitAssignedTo(String clientId, String dest) throws Exception {
    var tp = new org.apache.kafka.common.TopicPartition(settings.topic(), KafkaLog.partitionOf(dest, 4));
    try (var admin = org.apache.kafka.clients.admin.Admin.create(io.hsdest.kafka.KafkaClients.admin(settings, "test-admin"))) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        var group = admin.describeConsumerGroups(List.of(settings.groupId())).all().get(30, TimeUnit.SECONDS).get(settings.groupId());
        boolean assigned = group.members().stream()
            .anyMatch(m -> m.clientId().equals(clientId) && m.assignment().topicPartitions().contains(tp));
        if (assigned) return;
        assertThat(System.nanoTime()).as("partition assigned to " + clientId).isLessThan(until);
        Thread.sleep(100); // polling the broker: there is no event to wait for across processes
      }
    }
  }

  @Test
  @Order(5)
  void aDestinationIsAssignedOnlyOnceTheSharedStateHasCaughtUp() throws Exception {
    KafkaKeyValueStore storeA = await(KafkaKeyValueStore.open(vertx, settings, "a"));
    stores.add(storeA);
    await(storeA.caughtUp());
    KafkaLog a = open("a", 10_000, List.of("acme"), storeA::caughtUp);
    Context ctxA = vertx.getOrCreateContext();
    RecordingReader readerA = new RecordingReader(false);
    a.start(ctxA, readerA);
    readerA.await(r -> r.owned().contains("acme"), 60, "a owns acme");
    await(a.append("acme", texts("m", 0, 3)));
    readerA.awaitCount("acme", 3, 60);
    // a delivers m0 and keeps what the next owner needs, commits it, then marks the entry done
    KeyValueMap stateA = storeA.map("pending:acme");
    for (int i = 0; i < 200; i++) stateA.put("user-" + i, "company-" + i);
    await(storeA.commit());
    onContext(ctxA, () -> readerA.entries("acme").get(0).done());

    KafkaKeyValueStore storeB = await(KafkaKeyValueStore.open(vertx, settings, "b"));
    stores.add(storeB);
    Promise<Void> gate = Promise.promise();
    List<Long> seenAtAssign = new ArrayList<>();
    RecordingReader readerB = new RecordingReader(false) {
      @Override
      public synchronized void assigned(String destinationId) {
        seenAtAssign.add(storeB.map("pending:" + destinationId).size());
        super.assigned(destinationId);
      }
    };
    KafkaLog b = open("b", 10_000, List.of("acme"), () -> gate.future().compose(v -> storeB.caughtUp()));
    b.start(vertx.getOrCreateContext(), readerB);
    await(a.close());
    logs.remove(a);
    // b owns the partition now, but is not told before the state has caught up
    awaitAssignedTo("b-log-consumer", "acme");
    onContext(vertx.getOrCreateContext(), () -> {});
    assertThat(readerB.owned()).isEmpty();
    gate.complete();
    readerB.await(r -> r.owned().contains("acme"), 60, "b owns acme");
    assertThat(seenAtAssign).containsExactly(200L);
    readerB.awaitCount("acme", 2, 60);
    assertThat(readerB.payloads("acme")).containsExactly("m1", "m2");
  }

  @Test
  @Order(6)
  void whileTheBrokerIsDownAppendsFailInTimeAndAfterItReturnsEverythingGoesOn() throws Exception {
    KafkaLog log = open("a");
    Context ctx = vertx.getOrCreateContext();
    RecordingReader reader = new RecordingReader(true);
    log.start(ctx, reader);
    await(log.append("acme", texts("before", 0, 5)));
    reader.awaitCount("acme", 5, 60);
    broker.stop();
    try {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> await(log.append("acme", texts("down", 0, 1)))).isInstanceOf(LogUnavailable.class)
          .hasMessageContaining("Kafka did not acknowledge").hasMessageContaining("server.kafka.appendTimeoutMs")
          .satisfies(e -> assertThat(((LogUnavailable) e).retryAfterMs()).isPositive());
      assertThat((System.nanoTime() - t0) / 1_000_000).as("bounded by appendTimeoutMs").isLessThan(4_000 + 3_000);
    } finally {
      broker.restart();
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) { // the producer reconnects on its own; the first appends may still meet a broker warming up
      try {
        await(log.append("acme", texts("after", 0, 5)));
        break;
      } catch (LogUnavailable e) {
        assertThat(System.nanoTime()).as("appends succeed again after the restart").isLessThan(until);
      }
    }
    reader.await(r -> r.payloads("acme").containsAll(strings("after", 0, 5)), 60, "reading resumes");
    assertThat(reader.payloads("acme").subList(0, 5)).containsExactlyElementsOf(strings("before", 0, 5));
  }
}
