package io.hsdest.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.ingest.TestMessages;
import io.hsdest.ingest.RecordedMessages;
import io.hsdest.ingest.message.Message;
import io.hsdest.log.LogEntry;
import io.hsdest.mapping.Outcome;
import io.hsdest.receipts.Receipts;
import io.hsdest.store.LocalKeyValueStore;
import io.hsdest.store.LocalStore;
import io.hsdest.testkit.VirtualScheduler;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A destination's feed, in virtual time: what delivery finishes is done in the log and has its
 * receipt; what it cannot finish now is tried again after a backoff, all due entries together, until
 * the retry window is over; then it is a dead letter with its last error. Hours pass in no time.
 */
class DestinationFeedTest {
  private static final long HOUR = 3_600_000L;
  private final VirtualScheduler time = new VirtualScheduler();
  private final LocalStore store = LocalStore.inMemory();
  private final Receipts receipts = new Receipts(new LocalKeyValueStore(store), "d", 168 * HOUR, 1_000_000, time::now);
  private final DeadLetters deadLetters = new DeadLetters(new LocalKeyValueStore(store), "d");
  /** What each delivery attempt got: the messageIds handed over. */
  private final List<List<String>> attempts = new ArrayList<>();

  @AfterEach
  void close() {
    store.close();
  }

  private final class Entry implements LogEntry {
    final byte[] payload;
    final long position;
    final long appendedAt;
    boolean done;

    Entry(String messageId, long position) {
      Message m = TestMessages.parse("{\"type\":\"identify\",\"messageId\":\"" + messageId + "\",\"traits\":{\"email\":\"" + messageId
          + "@x.com\"}}");
      this.payload = RecordedMessages.encode(m);
      this.position = position;
      this.appendedAt = time.now();
    }

    @Override
    public byte[] payload() {
      return payload;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public long appendedAtMs() {
      return appendedAt;
    }

    @Override
    public void done() {
      done = true;
    }
  }

  private DestinationFeed feed(long maxRetryMs, Function<Message, MessageResult> hubspot) {
    return new DestinationFeed("d", (messages, premapped, timeout) -> {
      attempts.add(messages.stream().map(Message::messageId).toList());
      return Future.succeededFuture(messages.stream().map(hubspot).toList());
    }, receipts, deadLetters, time, maxRetryMs, Future::succeededFuture, writes -> {
      writes.run();
      return Future.succeededFuture();
    }, new RecentlyRecorded(1 << 20, System::currentTimeMillis));
  }

  private static MessageResult delivered(Message m) {
    return new MessageResult(m.messageId(), m.type(), Outcome.DELIVERED, null, null, List.of(), List.of(), null);
  }

  private static MessageResult hubSpotDown(Message m) {
    return new MessageResult(m.messageId(), m.type(), null, null, null, List.of(), List.of(),
        new Pending(Pending.Kind.UNAVAILABLE, 2_000, "HubSpot is not answering (5xx or no answer)"));
  }

  @Test
  void deliveredEntriesAreDoneWithTheirReceipt() {
    DestinationFeed feed = feed(24 * HOUR, DestinationFeedTest::delivered);
    feed.assigned();
    List<Entry> entries = List.of(new Entry("a", 1), new Entry("b", 2));
    feed.entries(new ArrayList<>(entries));
    time.advance(DestinationFeed.GATHER_QUIET_MS);
    assertThat(entries).allMatch(e -> e.done);
    assertThat(receipts.find("a").outcome()).isEqualTo("DELIVERED");
    assertThat(attempts).containsExactly(List.of("a", "b"));
  }

  @Test
  void whatAClientIsStillSendingIsGatheredIntoOneChunkForAMomentAtMost() {
    DestinationFeed feed = feed(24 * HOUR, DestinationFeedTest::delivered);
    feed.assigned();
    // a client sending a request every 100 ms: nothing goes while it keeps sending, up to the gather's bound
    int position = 0;
    for (int request = 0; request < 30; request++) {
      List<LogEntry> batch = new ArrayList<>();
      for (int i = 0; i < 10; i++, position++) batch.add(new Entry("g" + position, position));
      feed.entries(batch);
      time.advance(100);
    }
    assertThat(attempts).as("bounded: the first chunk went after GATHER_MAX_MS, the rest waits for a pause")
        .hasSize(1);
    assertThat(attempts.get(0)).hasSize((int) (DestinationFeed.GATHER_MAX_MS / 100) * 10);
    time.advance(DestinationFeed.GATHER_QUIET_MS);
    assertThat(attempts).hasSize(2);
    assertThat(attempts.stream().mapToInt(List::size).sum()).isEqualTo(300);

    // a full chunk does not wait
    List<LogEntry> burst = new ArrayList<>();
    for (int i = 0; i < DestinationFeed.CHUNK; i++, position++) burst.add(new Entry("b" + position, position));
    feed.entries(burst);
    time.advance(1);
    assertThat(attempts).hasSize(3);
    assertThat(attempts.get(2)).hasSize(DestinationFeed.CHUNK);
  }

  @Test
  void whatHubSpotCannotTakeNowIsTriedAgainTogetherAfterABackoff() {
    boolean[] up = {false};
    DestinationFeed feed = feed(24 * HOUR, m -> up[0] ? delivered(m) : hubSpotDown(m));
    feed.assigned();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 20; i++) entries.add(new Entry("m" + i, i));
    feed.entries(new ArrayList<>(entries));
    time.advance(1_000);
    assertThat(entries).noneMatch(e -> e.done);
    assertThat(receipts.find("m0").outcome()).isEqualTo("ACCEPTED");
    assertThat(receipts.find("m0").lastError()).contains("not answering");
    up[0] = true;
    time.advance(60_000);
    assertThat(entries).allMatch(e -> e.done);
    assertThat(attempts).as("each retry wave goes as one chunk").allMatch(a -> a.size() == 20);
    assertThat(receipts.find("m19").outcome()).isEqualTo("DELIVERED");
    assertThat(receipts.find("m19").attempts()).isEqualTo(attempts.size());
  }

  @Test
  void afterTheRetryWindowAMessageIsADeadLetterWithItsLastError() {
    DestinationFeed feed = feed(2 * HOUR, DestinationFeedTest::hubSpotDown);
    feed.assigned();
    Entry e = new Entry("late", 1);
    feed.entries(new ArrayList<>(List.of(e)));
    time.advance(HOUR);
    assertThat(e.done).isFalse();
    time.advance(2 * HOUR);
    assertThat(e.done).as("done in the log: kept as a dead letter instead").isTrue();
    assertThat(receipts.find("late").outcome()).isEqualTo("FAILED");
    assertThat(deadLetters.list(10, null)).singleElement().satisfies(d -> {
      assertThat(d.messageId()).isEqualTo("late");
      assertThat(d.lastError()).contains("not answering");
      assertThat(RecordedMessages.decode(d.recorded()).messageId()).as("kept as recorded, to send again").isEqualTo("late");
    });
    assertThat(attempts.size()).as("backoff doubles up to 5 minutes: a few dozen tries in 3 hours, not thousands")
        .isBetween(10, 60);
  }

  @Test
  void aRevokedDestinationStopsHereAndWhatWaitsIsLeftToTheNextOwner() {
    DestinationFeed feed = feed(24 * HOUR, DestinationFeedTest::hubSpotDown);
    feed.assigned();
    Entry e = new Entry("moved", 1);
    feed.entries(new ArrayList<>(List.of(e)));
    time.advance(DestinationFeed.GATHER_QUIET_MS + 100);
    int tried = attempts.size();
    assertThat(tried).isEqualTo(1);
    feed.revoked();
    time.advance(HOUR);
    assertThat(attempts).as("no retry after the destination moved").hasSize(tried);
    assertThat(e.done).isFalse();
    feed.entries(new ArrayList<>(List.of(new Entry("ignored", 2))));
    time.advance(100);
    assertThat(attempts).hasSize(tried);
  }
}
