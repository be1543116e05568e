package io.hsdest.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.store.LocalStore;
import io.hsdest.store.LocalKeyValueStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Receipts say what became of a message, count its attempts, and stay bounded in time and number. */
class ReceiptsTest {
  private final LocalStore store = LocalStore.inMemory();
  private final AtomicLong now = new AtomicLong(1_767_225_600_000L);
  @TempDir
  Path dir;
  private Receipts inFiles;

  @AfterEach
  void close() {
    store.close();
    if (inFiles != null) inFiles.close();
  }

  /** Where receipts are kept: the store (Kafka mode), memory (sync mode), receipt files (durable mode on one machine). */
  enum Kept { STORE, MEMORY, FILES }

  private Receipts receipts(Kept kept, long retentionMs, long max) throws IOException {
    return switch (kept) {
      case STORE -> receipts(retentionMs, max);
      case MEMORY -> Receipts.inMemory("d", retentionMs, max, now::get, new SimpleMeterRegistry());
      case FILES -> inFiles = Receipts.inFiles(dir, "d", retentionMs, max, now::get, new SimpleMeterRegistry(), Runnable::run);
    };
  }

  private Receipts receipts(long retentionMs, long max) {
    return new Receipts(new LocalKeyValueStore(store), "d", retentionMs, max, now::get);
  }

  private static MessageResult delivered(String id) {
    return new MessageResult(id, "identify", Outcome.DELIVERED_WITH_WARNINGS, null, null,
        List.of(Warning.of(Reason.PROPERTY_UNKNOWN, "plan", "no HubSpot property named plan")), List.of(), null);
  }

  @ParameterizedTest
  @EnumSource(Kept.class)
  void aMessageGoesFromAcceptedThroughAttemptsToItsOutcome(Kept kept) throws IOException {
    Receipts r = receipts(kept, 3_600_000, 100);
    assertThat(r.find("m-1")).isNull();
    r.accepted("m-1", "identify");
    assertThat(r.find("m-1").outcome()).isEqualTo("ACCEPTED");
    assertThat(r.find("m-1").isFinal()).isFalse();
    now.addAndGet(1_000);
    r.finished(new MessageResult("m-1", "identify", null, null, null, List.of(), List.of(),
        new Pending(Pending.Kind.UNAVAILABLE, 5_000, "HubSpot is not answering")));
    Receipt retrying = r.find("m-1");
    assertThat(retrying.outcome()).isEqualTo("ACCEPTED");
    assertThat(retrying.attempts()).isEqualTo(1);
    assertThat(retrying.lastError()).contains("not answering");
    now.addAndGet(1_000);
    r.finished(delivered("m-1"));
    Receipt done = r.find("m-1");
    assertThat(done.outcome()).isEqualTo("DELIVERED_WITH_WARNINGS");
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.acceptedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(done.finishedAt()).isEqualTo("2026-01-01T00:00:02Z");
    assertThat(done.warnings()).extracting(w -> w.get("code")).containsExactly("PROPERTY_UNKNOWN");
    r.accepted("m-1", "identify");
    assertThat(r.find("m-1").outcome()).as("a resend of a finished message keeps its receipt").isEqualTo("DELIVERED_WITH_WARNINGS");
  }

  @ParameterizedTest
  @EnumSource(Kept.class)
  void anOutcomeKeepsTheTimeItsMessageWasAcceptedAndAnAcceptanceAnewStartsOver(Kept kept) throws IOException {
    Receipts r = receipts(kept, 3_600_000, 100);
    r.accepted("m-2", "identify");
    assertDeliveredAfter5s(r, "2026-01-01T00:00:00Z", "2026-01-01T00:00:05Z");
    now.addAndGet(5_000);
    r.acceptedAgain("m-2", "identify"); // the contact was deleted in HubSpot and the client sent it again
    assertThat(r.find("m-2").outcome()).isEqualTo("ACCEPTED");
    assertDeliveredAfter5s(r, "2026-01-01T00:00:10Z", "2026-01-01T00:00:15Z");
  }

  /** m-2 is delivered 5 s from now at its first attempt, and its receipt says when it was accepted and finished. */
  private void assertDeliveredAfter5s(Receipts r, String acceptedAt, String finishedAt) {
    now.addAndGet(5_000);
    r.finished(delivered("m-2"));
    Receipt done = r.find("m-2");
    assertThat(done.acceptedAt()).isEqualTo(acceptedAt);
    assertThat(done.finishedAt()).isEqualTo(finishedAt);
    assertThat(done.attempts()).isEqualTo(1);
  }

  @Test
  void receiptsAreForgottenAfterTheRetentionAndBeyondTheBound() {
    Receipts r = receipts(10_000, 3);
    r.finished(delivered("old"));
    now.addAndGet(20_000);
    for (String id : List.of("a", "b", "c")) {
      r.finished(delivered(id));
      now.addAndGet(1);
    }
    r.finished(delivered("a")); // touched again: now the newest
    r.finished(delivered("d"));
    assertThat(r.sweep()).isEqualTo(2);
    assertThat(r.find("old")).as("past the retention").isNull();
    assertThat(r.find("b")).as("the oldest beyond the bound").isNull();
    assertThat(List.of("a", "c", "d")).allSatisfy(id -> assertThat(r.find(id)).isNotNull());
    assertThat(r.size()).isEqualTo(3);
  }

  @Test
  void inMemoryReceiptsStayBoundedInTimeAndNumber() throws IOException {
    Receipts r = receipts(Kept.MEMORY, 10_000, 100);
    r.finished(delivered("m-1"));
    assertThat(r.find("m-1").outcome()).isEqualTo("DELIVERED_WITH_WARNINGS");
    assertThat(r.find("m-1").attempts()).isEqualTo(1);
    assertThat(r.find("m-1").warnings()).extracting(w -> w.get("code")).containsExactly("PROPERTY_UNKNOWN");
    now.addAndGet(20_000);
    r.sweep();
    assertThat(r.find("m-1")).as("past the retention").isNull();
    for (int i = 0; i < 1_000; i++) r.finished(delivered("n-" + i));
    r.sweep();
    assertThat(r.size()).as("never more than the bound").isLessThanOrEqualTo(100);
    assertThat(r.find("n-999")).as("the newest is kept").isNotNull();
  }
}
