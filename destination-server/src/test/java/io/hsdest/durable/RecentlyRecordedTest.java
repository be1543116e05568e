package io.hsdest.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.ingest.RecordedMessages;
import io.hsdest.ingest.TestMessages;
import io.hsdest.config.DestinationSettings;
import io.hsdest.ingest.message.Message;
import io.hsdest.mapping.Mapper;
import io.hsdest.mapping.Premapped;
import io.hsdest.mapping.SchemaSnapshot;
import io.hsdest.testkit.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Delivery may take the message intake parsed instead of decoding its recorded bytes (valid because decoding gives
 * back an equal message: {@code RecordedMessagesTest}); the shortcut is used once and stays bounded, keeping
 * what is read next.
 */
class RecentlyRecordedTest {
  private static final DestinationSettings SETTINGS = TestSettings.s0();
  private static final List<String> MESSAGES = List.of(
      "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":\"a@example.com\",\"seats\":12}}",
      "{\"type\":\"track\",\"anonymousId\":\"a1\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":99.9},"
          + "\"context\":{\"traits\":{\"email\":\"b@example.com\"}}}",
      "{\"type\":\"page\",\"userId\":7,\"name\":\"Home\",\"properties\":{\"url\":\"https://x.io/?q=1\"}}");

  @Test
  void intakesMessageIsTakenOnceThenTheBytesAreDecoded() {
    RecentlyRecorded recent = new RecentlyRecorded(1 << 20, () -> 0);
    Message m = TestMessages.parse(MESSAGES.get(0));
    byte[] recorded = RecordedMessages.encode(m);
    Premapped ahead = new Premapped(Mapper.map(m, SETTINGS, SchemaSnapshot.UNKNOWN), SETTINGS, SchemaSnapshot.UNKNOWN);
    recent.recorded(recorded, m, ahead);
    RecentlyRecorded.Recorded taken = recent.readBack(recorded.clone()); // equal bytes, as the log hands them back
    assertThat(taken.message()).isSameAs(m);
    assertThat(taken.premapped()).isSameAs(ahead);
    RecentlyRecorded.Recorded again = recent.readBack(recorded);
    assertThat(again.premapped()).isNull();
    assertThat(again.message()).isNotSameAs(m).isEqualTo(m);
    assertThat(recent.size()).isZero();
  }

  @Test
  void whenFullTheOldestStayForTheyAreReadNextAndOnlyStaleOnesMakeRoom() {
    Message first = TestMessages.parse(MESSAGES.get(1));
    Message second = TestMessages.parse(MESSAGES.get(2));
    byte[] a = RecordedMessages.encode(first);
    byte[] b = RecordedMessages.encode(second);
    long[] now = {1_000};
    RecentlyRecorded recent = new RecentlyRecorded(Math.max(a.length, b.length), () -> now[0]);
    recent.recorded(a, first, null);
    now[0] += RecentlyRecorded.STALE_MS - 1;
    recent.recorded(b, second, null); // full: the second is decoded when read
    assertThat(recent.size()).isEqualTo(1);
    assertThat(recent.readBack(b).message()).isNotSameAs(second).isEqualTo(second);
    assertThat(recent.readBack(a).message()).isSameAs(first);

    recent.recorded(a, first, null);
    now[0] += RecentlyRecorded.STALE_MS;
    recent.recorded(b, second, null); // the first was not read back in time: the log is read elsewhere now, or stalled
    assertThat(recent.size()).isEqualTo(1);
    assertThat(recent.readBack(b).message()).isSameAs(second);
    assertThat(recent.readBack(a).message()).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void whatTheLogRefusedIsForgotten() {
    Message first = TestMessages.parse(MESSAGES.get(1));
    byte[] a = RecordedMessages.encode(first);
    RecentlyRecorded recent = new RecentlyRecorded(1 << 20, () -> 0);
    recent.recorded(a, first, null);
    recent.forget(a);
    assertThat(recent.size()).isZero();
    assertThat(recent.readBack(a).message()).isNotSameAs(first).isEqualTo(first);
  }
}
