package io.hsdest.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded log on a real disk: durable appends, ordered batches, contiguous commits, reclaimed space, bounds. */
class EmbeddedLogTest {
  @TempDir Path dir;
  private Vertx vertx;
  private final List<EmbeddedLog> open = new ArrayList<>();

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() throws Exception {
    for (EmbeddedLog log : open) await(log.close());
    await(vertx.close());
  }

  private EmbeddedLog openLog(long maxBytes, long segmentBytes, int maxNotDone) throws Exception {
    EmbeddedLog log = await(EmbeddedLog.open(vertx, new EmbeddedLogConfig(dir, maxBytes, segmentBytes, maxNotDone, 2_000),
        Clock.systemUTC()));
    open.add(log);
    return log;
  }

  private EmbeddedLog openLog() throws Exception {
    return openLog(1 << 30, 64 << 20, 10_000);
  }

  private void closeLog(EmbeddedLog log) throws Exception {
    open.remove(log);
    await(log.close());
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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

  /** Runs on the context and waits: done() there is applied at once. */
  private static void onContext(Context ctx, Runnable r) throws Exception {
    CompletableFuture<Void> f = new CompletableFuture<>();
    ctx.runOnContext(v -> {
      r.run();
      f.complete(null);
    });
    f.get(30, TimeUnit.SECONDS);
  }

  private RecordingReader read(EmbeddedLog log, Context ctx, boolean autoDone) {
    RecordingReader reader = new RecordingReader(autoDone);
    log.start(ctx, reader);
    return reader;
  }

  @Test
  void appendedEntriesAreReadInOrderInLargeBatchesAcrossSegments() throws Exception {
    EmbeddedLog log = openLog(1 << 30, 4096, 100_000);
    for (int i = 0; i < 50; i++) await(log.append("acme", texts("m", i * 100, i * 100 + 100)));
    RecordingReader reader = read(log, vertx.getOrCreateContext(), false);
    reader.awaitCount("acme", 5_000, 30);
    assertThat(reader.payloads("acme")).containsExactlyElementsOf(strings("m", 0, 5_000));
    assertThat(reader.entries("acme")).extracting(LogEntry::position).containsExactlyElementsOf(
        IntStream.range(0, 5_000).mapToObj(i -> (long) i).toList());
    assertThat(reader.batchCount("acme")).as("one read takes what is there, many segments at once").isLessThanOrEqualTo(3);
    assertThat(log.segmentCount("acme")).isGreaterThan(10);
    assertThat(reader.events()).containsExactly("assigned acme");
  }

  @Test
  void concurrentAppendsShareForcesAndEachKeepsItsOrder() throws Exception {
    EmbeddedLog log = openLog();
    RecordingReader reader = read(log, vertx.getOrCreateContext(), true);
    List<Future<Void>> appends = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      appends.add(vertx.executeBlocking(() -> {
        for (int i = 0; i < 200; i++) await(log.append("acme", List.of(("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8))));
        return null;
      }, false));
    }
    await(Future.all(appends));
    reader.awaitCount("acme", 1_600, 30);
    List<String> seen = reader.payloads("acme");
    for (int t = 0; t < 8; t++) {
      String prefix = "t" + t + "-";
      assertThat(seen.stream().filter(s -> s.startsWith(prefix)).toList()).containsExactlyElementsOf(strings(prefix, 0, 200));
    }
  }

  @Test
  void theCursorMovesOnlyOverContiguousDoneEntriesWhateverTheOrder() throws Exception {
    EmbeddedLog log = openLog();
    await(log.append("acme", texts("m", 0, 10)));
    Context ctx = vertx.getOrCreateContext();
    RecordingReader reader = read(log, ctx, false);
    reader.awaitCount("acme", 10, 30);
    List<LogEntry> first = reader.entries("acme");
    // done out of order: 5..9, then 0, 1 and 3; 2 is still being delivered
    onContext(ctx, () -> {
      for (int i : new int[] {9, 7, 5, 6, 8, 1, 0, 3}) first.get(i).done();
    });
    assertThat(log.stats().get("acme").notDone()).isEqualTo(8);
    closeLog(log);

    EmbeddedLog again = openLog();
    Context ctx2 = vertx.getOrCreateContext();
    RecordingReader second = read(again, ctx2, false);
    second.awaitCount("acme", 8, 30);
    assertThat(second.payloads("acme")).as("read again from the first entry not done")
        .containsExactlyElementsOf(strings("m", 2, 10));
    onContext(ctx2, () -> second.entries("acme").forEach(LogEntry::done));
    closeLog(again);

    EmbeddedLog third = openLog();
    await(third.append("acme", texts("n", 0, 1)));
    RecordingReader reader3 = read(third, vertx.getOrCreateContext(), false);
    reader3.awaitCount("acme", 1, 30);
    assertThat(reader3.payloads("acme")).containsExactly("n0");
    assertThat(reader3.entries("acme").get(0).position()).isEqualTo(10);
  }

  @Test
  void doneAfterRevokeIsIgnored() throws Exception {
    EmbeddedLog log = openLog();
    await(log.append("acme", texts("m", 0, 3)));
    RecordingReader reader = read(log, vertx.getOrCreateContext(), false);
    reader.awaitCount("acme", 3, 30);
    closeLog(log);
    assertThat(reader.events()).containsExactly("assigned acme", "revoked acme");
    reader.entries("acme").forEach(LogEntry::done);

    EmbeddedLog again = openLog();
    RecordingReader second = read(again, vertx.getOrCreateContext(), false);
    second.awaitCount("acme", 3, 30);
    assertThat(second.payloads("acme")).containsExactly("m0", "m1", "m2");
  }

  @Test
  void spaceIsReclaimedOnceEntriesAreDone() throws Exception {
    EmbeddedLog log = openLog(1 << 30, 2048, 100_000);
    for (int i = 0; i < 20; i++) await(log.append("acme", texts("entry-with-some-bytes-", i * 50, i * 50 + 50)));
    long before = log.stats().get("acme").storedBytes();
    int segments = log.segmentCount("acme");
    assertThat(segments).isGreaterThan(10);
    Context ctx = vertx.getOrCreateContext();
    RecordingReader reader = read(log, ctx, false);
    reader.awaitCount("acme", 1_000, 30);
    onContext(ctx, () -> reader.entries("acme").subList(0, 500).forEach(LogEntry::done));
    await(log.persistCursorsNow());
    assertThat(log.segmentCount("acme")).isBetween(segments / 2 - 2, segments / 2 + 2);
    onContext(ctx, () -> reader.entries("acme").subList(500, 1_000).forEach(LogEntry::done));
    await(log.persistCursorsNow());
    assertThat(log.segmentCount("acme")).isEqualTo(1);
    LogStats stats = log.stats().get("acme");
    assertThat(stats.storedBytes()).isLessThan(2048 + 100).isLessThan(before / 10);
    assertThat(stats.notDone()).isZero();
    try (Stream<Path> files = Files.list(dir.resolve("acme"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".log")).count()).isEqualTo(1);
    }
  }

  @Test
  void aFullLogRefusesAppendsWithRetryAfterUntilDeliveryCatchesUp() throws Exception {
    EmbeddedLog log = openLog(16 * 1024, 4096, 100_000);
    byte[] kb = new byte[1000];
    int accepted = 0;
    LogUnavailable refused = null;
    for (int i = 0; i < 40 && refused == null; i++) {
      try {
        await(log.append("acme", List.of(kb)));
        accepted++;
      } catch (LogUnavailable e) {
        refused = e;
      }
    }
    assertThat(accepted).isBetween(14, 16);
    assertThat(refused).isNotNull();
    assertThat(refused.retryAfterMs()).isEqualTo(2_000);
    assertThat(refused.getMessage()).contains("acme").contains("full").contains("server.delivery.logMaxMegabytesPerDestination");
    assertThatThrownBy(() -> await(log.append("acme", List.of(kb)))).isInstanceOf(LogUnavailable.class);
    await(log.append("other", List.of(kb))); // another destination is not held up

    Context ctx = vertx.getOrCreateContext();
    RecordingReader reader = read(log, ctx, false);
    reader.awaitCount("acme", accepted, 30);
    onContext(ctx, () -> reader.entries("acme").forEach(LogEntry::done));
    await(log.persistCursorsNow());
    for (int i = 0; i < 8; i++) await(log.append("acme", List.of(kb)));
    reader.awaitCount("acme", accepted + 8, 30);
  }

  @Test
  void readingPausesAtTheInFlightBoundAndResumesAsEntriesAreDone() throws Exception {
    EmbeddedLog log = openLog(1 << 30, 64 << 20, 20);
    await(log.append("acme", texts("m", 0, 200)));
    Context ctx = vertx.getOrCreateContext();
    RecordingReader reader = read(log, ctx, false);
    reader.awaitCount("acme", 20, 30);
    onContext(ctx, () -> {}); // anything the log would still do on the context has run
    assertThat(reader.entries("acme")).hasSize(20);
    while (reader.entries("acme").size() < 200) {
      // done in bursts of 7, newest first: the bound counts entries not done, whatever their order
      onContext(ctx, () -> {
        List<LogEntry> open = reader.notDoneEntries("acme");
        for (int i = open.size() - 1; i >= open.size() - 7; i--) reader.done(open.get(i));
      });
      // reading resumes once a quarter of the bound is free, and fills it again
      reader.await(r -> r.notDone("acme") > 15 || r.entries("acme").size() == 200, 30, "the bound filled again");
    }
    assertThat(reader.maxNotDone("acme")).isEqualTo(20);
    assertThat(reader.payloads("acme")).containsExactlyElementsOf(strings("m", 0, 200));
  }

  @Test
  void aStuckDestinationHoldsUpNoOther() throws Exception {
    EmbeddedLog log = openLog(1 << 30, 64 << 20, 10);
    Context ctx = vertx.getOrCreateContext();
    RecordingReader reader = new RecordingReader(false) {
      @Override
      public void entries(String destinationId, List<LogEntry> batch) {
        super.entries(destinationId, batch);
        if (!destinationId.equals("stuck")) batch.forEach(this::done);
      }
    };
    log.start(ctx, reader);
    for (int i = 0; i < 10; i++) {
      await(log.append("stuck", texts("s", i * 10, i * 10 + 10)));
      for (String d : List.of("a", "b", "c")) await(log.append(d, texts(d, i * 10, i * 10 + 10)));
    }
    for (String d : List.of("a", "b", "c")) {
      reader.awaitCount(d, 100, 30);
      assertThat(reader.payloads(d)).containsExactlyElementsOf(strings(d, 0, 100));
    }
    assertThat(reader.entries("stuck")).hasSize(10);
    assertThat(log.stats().get("stuck").notDone()).isEqualTo(100);
    assertThat(log.stats().get("a").notDone()).isZero();
    assertThat(reader.owned()).containsExactlyInAnyOrder("stuck", "a", "b", "c");
  }

  @Test
  void aTornTailIsCutAndNothingBeforeItIsLost() throws Exception {
    EmbeddedLog log = openLog();
    await(log.append("acme", texts("m", 0, 100)));
    closeLog(log);
    Path segment = dir.resolve("acme").resolve(Segment.fileName(0));
    long good = Files.size(segment);
    // a crash in the middle of a write: a whole record header and part of its payload, then garbage
    ByteBuffer torn = Framing.frame(List.of(new byte[300]), 1L);
    torn.limit(100);
    try (FileChannel c = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      c.write(torn);
    }
    assertThat(Files.size(segment)).isEqualTo(good + 100);

    EmbeddedLog again = openLog();
    assertThat(Files.size(segment)).isEqualTo(good);
    await(again.append("acme", texts("n", 0, 2)));
    RecordingReader reader = read(again, vertx.getOrCreateContext(), false);
    reader.awaitCount("acme", 102, 30);
    List<String> expected = new ArrayList<>(strings("m", 0, 100));
    expected.addAll(strings("n", 0, 2));
    assertThat(reader.payloads("acme")).containsExactlyElementsOf(expected);
  }

  @Test
  void aGarbledRecordInTheTailIsCutToo() throws Exception {
    EmbeddedLog log = openLog();
    await(log.append("acme", texts("m", 0, 5)));
    closeLog(log);
    Path segment = dir.resolve("acme").resolve(Segment.fileName(0));
    long size = Files.size(segment);
    long lastRecord = size - (Framing.HEADER + 2);
    try (FileChannel c = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      c.write(ByteBuffer.wrap(new byte[] {'X'}), size - 1); // the last payload byte flipped: its CRC fails
    }
    EmbeddedLog again = openLog();
    assertThat(Files.size(segment)).isEqualTo(lastRecord);
    RecordingReader reader = read(again, vertx.getOrCreateContext(), false);
    reader.awaitCount("acme", 4, 30);
    assertThat(reader.payloads("acme")).containsExactly("m0", "m1", "m2", "m3");
  }

  @Test
  void statsSayWhatIsNotDoneAndHowOld() throws Exception {
    long[] now = {1_000_000};
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(now[0]);
      }
    };
    EmbeddedLog log = await(EmbeddedLog.open(vertx, EmbeddedLogConfig.defaults(dir), clock));
    open.add(log);
    await(log.append("acme", texts("m", 0, 3)));
    now[0] += 5_000;
    await(log.append("acme", texts("m", 3, 5)));
    now[0] += 1_000;
    LogStats before = log.stats().get("acme");
    assertThat(before.notDone()).isEqualTo(5);
    assertThat(before.oldestNotDoneAgeMs()).isEqualTo(6_000);
    assertThat(before.storedEntries()).isEqualTo(5);
    assertThat(before.storedBytes()).isEqualTo(5 * (Framing.HEADER + 2));
    Context ctx = vertx.getOrCreateContext();
    RecordingReader reader = read(log, ctx, false);
    reader.awaitCount("acme", 5, 30);
    assertThat(reader.entries("acme").get(4).appendedAtMs()).isEqualTo(1_005_000);
    onContext(ctx, () -> reader.entries("acme").subList(0, 3).forEach(LogEntry::done));
    LogStats after = log.stats().get("acme");
    assertThat(after.notDone()).isEqualTo(2);
    assertThat(after.oldestNotDoneAgeMs()).isEqualTo(1_000);
    onContext(ctx, () -> reader.entries("acme").subList(3, 5).forEach(LogEntry::done));
    assertThat(log.stats().get("acme").oldestNotDoneAgeMs()).isZero();
  }

  @Test
  void appendsAfterCloseAreRefused() throws Exception {
    EmbeddedLog log = openLog();
    await(log.append("acme", texts("m", 0, 1)));
    closeLog(log);
    assertThatThrownBy(() -> await(log.append("acme", texts("m", 1, 2)))).isInstanceOf(LogUnavailable.class)
        .hasMessageContaining("shutting down");
  }
}
