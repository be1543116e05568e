package io.hsdest.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receipt files (durable mode on one machine): what was written is found again, after a restart or a crash, and stays bounded. */
class ReceiptFilesTest {
  @TempDir
  Path dir;
  private final AtomicLong now = new AtomicLong(1_767_225_600_000L);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) c.close();
  }

  private Receipts receipts(long retentionMs, long max) throws IOException {
    Receipts r = Receipts.inFiles(dir, "d", retentionMs, max, now::get, new SimpleMeterRegistry(), Runnable::run);
    open.add(r::close);
    return r;
  }

  private ReceiptFiles shelf(Path in, int fileBytes, long max) throws IOException {
    ReceiptFiles f = ReceiptFiles.open(in, fileBytes, max, Runnable::run);
    open.add(f::close);
    return f;
  }

  private static MessageResult delivered(String id) {
    return new MessageResult(id, "identify", Outcome.DELIVERED_WITH_WARNINGS, null, null,
        List.of(Warning.of(Reason.PROPERTY_UNKNOWN, "plan", "no HubSpot property named plan")), List.of(), null);
  }

  private static Receipt receipt(String id, String outcome) {
    return new Receipt(id, "track", outcome, null, null, List.of(), 1, "2026-01-01T00:00:00Z", null, null);
  }

  @Test
  void receiptsWrittenBeforeARestartAreFoundAfterItAndNewOnesGoOn() throws IOException {
    Receipts r = receipts(3_600_000, 1_000);
    r.accepted("m-1", "identify");
    now.addAndGet(1_000);
    r.finished(new MessageResult("m-1", "identify", null, null, null, List.of(), List.of(),
        new Pending(Pending.Kind.UNAVAILABLE, 5_000, "HubSpot is not answering")));
    now.addAndGet(1_000);
    r.finished(delivered("m-1"));
    r.accepted("m-2", "track");
    Receipt done = r.find("m-1");
    Receipt waiting = r.find("m-2");
    r.close();

    Receipts again = receipts(3_600_000, 1_000);
    assertThat(again.find("m-1")).as("outcome, attempts, times and warnings").isEqualTo(done);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(again.find("m-2")).isEqualTo(waiting);
    again.finished(delivered("m-2"));
    assertThat(again.find("m-2").outcome()).as("written after the restart, in a file of its own").isEqualTo("DELIVERED_WITH_WARNINGS");
  }

  @Test
  void aReplayedDeadLetterIsAcceptedAnewAndStaysSoAfterARestart() throws IOException {
    Receipts r = receipts(3_600_000, 1_000);
    r.accepted("m-1", "track");
    r.failed("m-1", "track", "RETRY_WINDOW_OVER", "HubSpot answered 500");
    assertThat(r.find("m-1").outcome()).isEqualTo("FAILED");
    r.acceptedAgain("m-1", "track");
    assertThat(r.find("m-1").outcome()).isEqualTo("ACCEPTED");
    r.close();
    assertThat(receipts(3_600_000, 1_000).find("m-1").outcome()).as("the failure's tombstone holds").isEqualTo("ACCEPTED");
  }

  @Test
  void filesPastTheRetentionAreDroppedAndDeleted() throws IOException {
    ReceiptFiles f = shelf(dir, 4_096, 100); // ten receipts a file
    for (int i = 0; i < 25; i++) f.put(receipt("old-" + i, "DELIVERED"), now.get());
    now.addAndGet(20_000);
    for (int i = 0; i < 5; i++) f.put(receipt("new-" + i, "DELIVERED"), now.get());
    assertThat(files()).as("three files of ten, and the next one made ahead").hasSize(4);
    assertThat(f.sweep(now.get() - 10_000, 100)).isEqualTo(20); // the third file has old and new receipts: kept
    assertThat(files()).hasSize(2);
    assertThat(f.get("old-3")).isNull();
    assertThat(f.get("old-24")).as("in a file with a receipt still inside the retention").isNotNull();
    assertThat(f.get("new-4")).isNotNull();
    assertThat(f.size()).isEqualTo(10);
  }

  @Test
  void neverMoreThanTheBoundAndTheNewestAreKept() throws IOException {
    ReceiptFiles f = shelf(dir, 1 << 20, 100);
    for (int i = 0; i < 1_000; i++) {
      f.put(receipt("m-" + i, "DELIVERED"), now.incrementAndGet());
      if (i % 37 == 0) f.sweep(0, 100);
    }
    f.sweep(0, 100);
    assertThat(f.size()).isBetween(90L, 100L);
    assertThat(f.get("m-999")).isNotNull();
    assertThat(f.get("m-905")).isNotNull();
    assertThat(f.get("m-500")).isNull();
    assertThat(files().size()).as("nine or ten files of ten, and perhaps the next one made ahead").isBetween(9, 11);
  }

  @Test
  void theNextFileIsMadeAheadInTheBackgroundSoNoWriterWaitsForOne() throws IOException {
    List<Runnable> background = new ArrayList<>();
    ReceiptFiles f = ReceiptFiles.open(dir, 4_096, 100, background::add); // ten receipts a file
    open.add(f::close);
    for (int i = 0; i < 8; i++) f.put(receipt("m-" + i, "DELIVERED"), now.get());
    assertThat(files()).hasSize(1);
    assertThat(background).as("past three quarters: the next file is asked for").hasSize(1);
    background.remove(0).run();
    assertThat(files()).hasSize(2);
    for (int i = 8; i < 12; i++) f.put(receipt("m-" + i, "DELIVERED"), now.get());
    assertThat(files()).as("the roll took the file made ahead").hasSize(2);
    assertThat(f.get("m-11")).isNotNull();
    assertThat(f.get("m-0")).isNotNull();
  }

  @Test
  void aReceiptTornByACrashIsCutAndWritingGoesOnAfterIt() throws IOException {
    ReceiptFiles f = shelf(dir, 1 << 20, 1_000);
    f.put(receipt("kept", "DELIVERED"), now.get());
    f.put(receipt("torn", "DELIVERED"), now.get());
    f.close();
    Path file = files().get(0);
    long end = endOfRecords(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(end - 5); // the last bytes of "torn" never reached the file
      raf.write(new byte[5]);
    }
    ReceiptFiles again = shelf(dir, 1 << 20, 1_000);
    assertThat(again.get("kept").outcome()).isEqualTo("DELIVERED");
    assertThat(again.get("torn")).isNull();
    assertThat(again.size()).isEqualTo(1);
    again.put(receipt("after", "SKIPPED"), now.get());
    again.close();
    ReceiptFiles third = shelf(dir, 1 << 20, 1_000);
    assertThat(third.get("kept")).isNotNull();
    assertThat(third.get("after").outcome()).isEqualTo("SKIPPED");
    assertThat(third.size()).isEqualTo(2);
  }

  @Test
  void garbageAfterTheLastReceiptIsIgnored() throws IOException {
    ReceiptFiles f = shelf(dir, 1 << 20, 1_000);
    f.put(receipt("kept", "DELIVERED"), now.get());
    f.close();
    Path file = files().get(0);
    long end = endOfRecords(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(end);
      raf.write(new byte[] {0, 0, 1, 0, 7, 7, 7, 7, 1, 2, 3}); // a length with nothing valid behind it
    }
    ReceiptFiles again = shelf(dir, 1 << 20, 1_000);
    assertThat(again.get("kept")).isNotNull();
    assertThat(again.size()).isEqualTo(1);
  }

  @Test
  void differentIdsWithTheSameHashAreBothFound() throws IOException {
    ReceiptFile f = ReceiptFile.create(dir, 0, 1 << 16);
    try {
      byte[] a = "a".getBytes(StandardCharsets.UTF_8);
      byte[] b = "b".getBytes(StandardCharsets.UTF_8);
      f.append(42, a, "{\"x\":1}".getBytes(StandardCharsets.UTF_8), 1);
      f.append(42, b, "{\"x\":2}".getBytes(StandardCharsets.UTF_8), 2);
      f.append(42, a, "{\"x\":3}".getBytes(StandardCharsets.UTF_8), 3);
      assertThat(new String(f.json(f.find(42, a)), StandardCharsets.UTF_8)).isEqualTo("{\"x\":3}");
      assertThat(new String(f.json(f.find(42, b)), StandardCharsets.UTF_8)).isEqualTo("{\"x\":2}");
      assertThat(f.find(42, "c".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    } finally {
      f.close(false);
    }
  }

  @Test
  void manyReceiptsInOneFileAreAllFoundAndAReceiptLargerThanAFileGetsOneOfItsSize() throws IOException {
    ReceiptFiles f = shelf(dir, 8 << 20, 1_000_000);
    for (int i = 0; i < 20_000; i++) f.put(receipt("id-" + i, "DELIVERED"), now.get());
    for (int i = 0; i < 20_000; i += 997) assertThat(f.get("id-" + i)).as("id-" + i).isNotNull();
    assertThat(f.get("id-20000")).isNull();
    String detail = "x".repeat(9 << 20);
    f.put(new Receipt("huge", "track", "DROPPED", "INVALID", detail, List.of(), 1, "2026-01-01T00:00:00Z", null, null), now.get());
    assertThat(f.get("huge").detail()).hasSize(9 << 20);
    assertThat(f.get("id-5")).isNotNull();
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".receipts")).sorted().toList();
    }
  }

  /** Where the records of a file end: its first zero length field. */
  private static long endOfRecords(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long at = 0;
      while (true) {
        raf.seek(at);
        int rest = raf.readInt();
        if (rest == 0) return at;
        at += 8 + rest;
      }
    }
  }
}
