package io.hsdest.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.hubspot.JsonBodies;
import io.hsdest.ingest.SegmentMessageParser.Accepted;
import io.hsdest.ingest.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What durable delivery records: decoding gives back a message equal to the one received (delivery relies on that,
 * and may even skip the decoding), with the messageId, type and receivedAt settled at intake, and never a write key.
 */
class RecordedMessagesTest {
  private static final Instant RECEIVED = Instant.parse("2024-05-01T12:30:00Z");
  private final SegmentMessageParser parser = new SegmentMessageParser();

  private static final String BATCH = """
      {"writeKey":"top-secret","batch":[
        {"type":"Identify","userId":"u1","timestamp":"2024-05-01T10:00:00.123+02:00",
         "traits":{"email":" A@Example.com ","seats":12,"ratio":0.25,"big":12345678901234567890,"vip":true,"none":null,
                   "tags":["a",1,{"x":[]}],"address":{"city":"Zürich","emoji":"\\ud83d\\ude00","quote":"say \\"hi\\""}},
         "context":{"ip":"1.2.3.4","traits":{"name":"A"},"externalIds":[{"id":"42","type":"hubspot_contact_id"}]},
         "integrations":{"All":false,"HubSpot":{"portalId":1}}} ,
        {"type":"track","anonymousId":"a1","event":"Order Completed","properties":{"revenue":99.90,"n":-0.0,"e":1E300},
         "context":{"traits":{"email":"b@example.com"}},"originalTimestamp":"2024-05-01T10:00:00Z"},
        {"type":"page","userId":7,"name":"Home","properties":{"url":"https://x.io/?q=1"},"messageId":"id \\"quoted\\" \\u00e9"},
        {"type":"group","userId":"u1","groupId":123,"traits":{"name":"Acme"},"receivedAt":"2024-04-30T00:00:00.5Z"},
        {"type":"screen","userId":"u3","name":"Main","writeKey":"item-secret"},
        {"type":"alias","userId":"u1","previousId":"a1","messageId":"fixed-id"}
      ]}""";

  private List<Message> received() {
    return parser.parseBatch(BATCH.getBytes(StandardCharsets.UTF_8), RECEIVED).items().stream()
        .map(i -> ((Accepted) i).message()).toList();
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void decodingGivesBackAnEqualMessageWhateverItHolds() {
    List<Message> messages = received();
    assertThat(messages).hasSize(6);
    for (Message m : messages) {
      byte[] recorded = RecordedMessages.encode(m);
      Message back = RecordedMessages.decode(recorded);
      assertThat(back).as(text(recorded)).isEqualTo(m);
      assertThat(back.messageId()).isEqualTo(m.messageId());
      assertThat(back.envelope().receivedAt()).isEqualTo(m.envelope().receivedAt());
      assertThat(RecordedMessages.decode(RecordedMessages.encode(back))).isEqualTo(m); // recorded again (a dead letter replayed)
    }
    assertThat(messages.get(0).messageId()).startsWith("gen-"); // derived from the client's bytes, and kept
    assertThat(messages.get(3).envelope().receivedAt()).isEqualTo(Instant.parse("2024-04-30T00:00:00.5Z"));
  }

  @Test
  void theClientsBytesAreCopiedUnlessTheyHoldAWriteKey() {
    List<Message> messages = received();
    String identify = text(RecordedMessages.encode(messages.get(0)));
    assertThat(identify).startsWith("{\"hsdestRecorded\":2,").contains("\"seats\":12")
        .contains("\"emoji\":\"\\ud83d\\ude00\"").contains("\"type\":\"identify\"");
    assertThat(text(RecordedMessages.encode(messages.get(1)))).contains("\"revenue\":99.90,\"n\":-0.0,\"e\":1E300"); // as sent
    String screen = text(RecordedMessages.encode(messages.get(4)));
    assertThat(screen).doesNotContain("secret").doesNotContain("hsdestRecorded").contains("\"messageId\":\"gen-");
    for (Message m : messages) assertThat(text(RecordedMessages.encode(m))).doesNotContain("secret");
  }

  @Test
  void plainFormIsTheSettledMessageAndRecordsOfBeforeReadTheSame() {
    Message page = received().get(2);
    byte[] recorded = RecordedMessages.encode(page);
    byte[] plain = RecordedMessages.plain(recorded);
    assertThat(text(plain)).doesNotContain("hsdestRecorded");
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) parser.readRecorded(plain);
    assertThat(values).containsEntry("messageId", "id \"quoted\" é").containsEntry("type", "page")
        .containsEntry("receivedAt", "2024-05-01T12:30:00Z").containsEntry("name", "Home");
    assertThat(RecordedMessages.decode(plain)).isEqualTo(page);
    assertThat(RecordedMessages.plain(plain)).isSameAs(plain);

    // what the log held before the wrapper: the settled message written out as one object
    byte[] before = JsonBodies.write(page.envelope().source().settled());
    assertThat(RecordedMessages.decode(before)).isEqualTo(page);
  }
}
