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
 * back an equal message: {@code RecordedMessagesTest}); the shortcut is used once and stays bounded.
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
    RecentlyRecorded recent = new RecentlyRecorded(1 << 20);
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
  void whatTheLogRefusedIsForgottenAndTheBoundPushesOutTheOldest() {
    Message first = TestMessages.parse(MESSAGES.get(1));
    Message second = TestMessages.parse(MESSAGES.get(2));
    byte[] a = RecordedMessages.encode(first);
    byte[] b = RecordedMessages.encode(second);
    RecentlyRecorded recent = new RecentlyRecorded(Math.max(a.length, b.length));
    recent.recorded(a, first, null);
    recent.recorded(b, second, null);
    assertThat(recent.size()).isEqualTo(1);
    assertThat(recent.readBack(a).message()).isNotSameAs(first).isEqualTo(first);
    recent.forget(b);
    assertThat(recent.size()).isZero();
  }
}
