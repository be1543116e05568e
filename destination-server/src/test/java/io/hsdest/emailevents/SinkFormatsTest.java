package io.hsdest.emailevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.testkit.TestSettings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sink formats, the backoff and the settings, as pure functions. */
class SinkFormatsTest {
  static EmailEvent event(String json) throws Exception {
    return EmailEvent.of(JsonBodies.MAPPER.readTree(json));
  }

  static JsonNode parse(byte[] b) throws Exception {
    return JsonBodies.MAPPER.readTree(b);
  }

  @Test
  void anEventWithHugeFieldsStaysWithinSegmentsThirtyTwoKilobytes() throws Exception {
    String big = "x".repeat(100_000);
    EmailEvent e = event("{\"id\":\"e1\",\"created\":1700000000000,\"type\":\"BOUNCE\",\"recipient\":\"a@x.example\","
        + "\"portalId\":123456,\"response\":\"" + big + "\",\"userAgent\":\"" + big + "\",\"category\":\"POLICY\","
        + "\"subscriptions\":[" + "{\"id\":1,\"status\":\"SUBSCRIBED\"},".repeat(500) + "{\"id\":2,\"status\":\"SUBSCRIBED\"}]}");
    byte[] segment = new SegmentFormat("123456", "k").encode(e);
    assertThat(segment.length).isLessThanOrEqualTo(SegmentFormat.MAX_EVENT_BYTES);
    JsonNode track = parse(segment);
    assertThat(track.path("event").asText()).isEqualTo("Email Bounced");
    assertThat(track.path("properties").path("bounce_category").asText()).isEqualTo("POLICY");
    assertThat(track.path("properties").path("smtp_response").asText()).hasSizeLessThanOrEqualTo(2048);
    byte[] amplitude = new AmplitudeFormat("123456", "k", 30_000).encode(e);
    assertThat(amplitude.length).isLessThanOrEqualTo(AmplitudeFormat.MAX_EVENT_BYTES);
    assertThat(parse(amplitude).path("event_type").asText()).isEqualTo("[HubSpot] EMAIL_BOUNCE");
  }

  @Test
  void aSubscriptionChangeIsUnsubscribedOnlyWhenItUnsubscribes() throws Exception {
    EmailEvent out = event("{\"id\":\"s1\",\"created\":1,\"type\":\"STATUSCHANGE\",\"recipient\":\"a@x.example\","
        + "\"portalSubscriptionStatus\":\"SUBSCRIBED\",\"subscriptions\":[{\"id\":7,\"status\":\"UNSUBSCRIBED\"}]}");
    EmailEvent in = event("{\"id\":\"s2\",\"created\":1,\"type\":\"STATUSCHANGE\",\"recipient\":\"a@x.example\","
        + "\"portalSubscriptionStatus\":\"SUBSCRIBED\",\"subscriptions\":[{\"id\":7,\"status\":\"SUBSCRIBED\"}]}");
    assertThat(SegmentFormat.eventName(out)).isEqualTo("Unsubscribed");
    assertThat(parse(new SegmentFormat("1", "k").encode(out)).path("properties").path("list_id").asText()).isEqualTo("7");
    assertThat(SegmentFormat.eventName(in)).isEqualTo("Email Subscription Changed");
  }

  @Test
  void noRecipientNoEvent() throws Exception {
    EmailEvent unbounce = event("{\"id\":\"u1\",\"created\":1,\"type\":\"UNBOUNCE\",\"user\":\"admin@x.example\"}");
    assertThat(new SegmentFormat("1", "k").encode(unbounce)).isNull();
    assertThat(new AmplitudeFormat("1", "k", 1).encode(unbounce)).isNull();
    assertThat(EmailEvent.of(JsonBodies.MAPPER.readTree("{\"type\":\"OPEN\",\"created\":1}"))).isNull();
  }

  @Test
  void segmentAnswers() {
    SegmentFormat f = new SegmentFormat("1", "k");
    assertThat(f.classify(200, null, "{\"success\":true}", 10)).isInstanceOf(SinkAnswer.Accepted.class);
    assertThat(f.classify(503, "7", "", 10)).isEqualTo(new SinkAnswer.RetryLater(7_000, "HTTP 503"));
    assertThat(f.classify(429, null, "", 10)).isEqualTo(new SinkAnswer.RetryLater(-1, "HTTP 429"));
    assertThat(f.classify(400, null, "", 10)).isInstanceOf(SinkAnswer.Split.class);
    assertThat(f.classify(413, null, "", 10)).isInstanceOf(SinkAnswer.Split.class);
    assertThat(f.classify(400, null, "", 1)).isEqualTo(new SinkAnswer.RejectedEvents(Set.of(0), "HTTP 400"));
    assertThat(f.classify(401, null, "", 10)).isInstanceOf(SinkAnswer.Refused.class);
    assertThat(f.classify(404, null, "", 10)).isInstanceOf(SinkAnswer.Refused.class);
    assertThat(f.headers().get("Authorization")).isEqualTo("Basic azo=");
  }

  @Test
  void amplitudeAnswers() {
    AmplitudeFormat f = new AmplitudeFormat("1", "k", 30_000);
    assertThat(f.classify(200, null, "{\"code\":200}", 10)).isInstanceOf(SinkAnswer.Accepted.class);
    assertThat(f.classify(429, null, "{\"code\":429,\"throttled_events\":[1]}", 10))
        .isEqualTo(new SinkAnswer.RetryLater(30_000, "HTTP 429 (throttled)"));
    assertThat(((SinkAnswer.RetryLater) f.classify(429, "90", "", 10)).askedMs()).isEqualTo(90_000);
    assertThat(f.classify(400, null, "{\"code\":400,\"events_with_invalid_fields\":{\"time\":[1,3]},"
        + "\"events_with_missing_fields\":{\"event_type\":[3,12]}}", 10))
        .isEqualTo(new SinkAnswer.RejectedEvents(Set.of(1, 3), "HTTP 400 (Amplitude listed invalid events)"));
    assertThat(f.classify(400, null, "{\"code\":400,\"error\":\"Invalid API key: k\"}", 10))
        .isInstanceOf(SinkAnswer.Refused.class);
    assertThat(f.classify(413, null, "", 2)).isInstanceOf(SinkAnswer.Split.class);
    assertThat(f.classify(413, null, "", 1)).isInstanceOf(SinkAnswer.RejectedEvents.class);
    assertThat(f.classify(502, null, "", 2)).isInstanceOf(SinkAnswer.RetryLater.class);
    assertThat(f.body(List.of("{\"a\":1}".getBytes(), "{\"b\":2}".getBytes())).toString())
        .isEqualTo("{\"api_key\":\"k\",\"events\":[{\"a\":1},{\"b\":2}]}");
  }

  @Test
  void backoffGrowsIsCappedJittersAndHonoursRetryAfter() {
    Backoff b = new Backoff(100, 1_000);
    assertThat(b.delayMs(0, -1, 0.0)).isEqualTo(100);
    assertThat(b.delayMs(0, -1, 0.99)).isEqualTo(100);
    assertThat(b.delayMs(3, -1, 0.99)).isBetween(700L, 800L);
    assertThat(b.delayMs(20, -1, 0.99)).isLessThanOrEqualTo(1_000);
    assertThat(b.delayMs(20, -1, 0.0)).isEqualTo(100);
    assertThat(b.delayMs(0, 5_000, 0.5)).isEqualTo(5_000);
    assertThat(b.delayMs(4, 300, 0.99)).isGreaterThanOrEqualTo(300);
  }

  @Test
  void settingsFillTheSinkUrlFoldSuppressionAndNeverShowTheKey() {
    ExportSettings s = ExportSettings.from(TestSettings.s0("{\"emailEvents\":{\"enabled\":true,"
        + "\"sink\":{\"type\":\"amplitude\",\"apiKey\":\"very-secret-key\"},\"eventTypes\":[\"SUPPRESSION\",\"OPEN\"]}}").raw());
    assertThat(s.sink().url().toString()).isEqualTo("https://api2.amplitude.com");
    assertThat(s.types()).containsExactlyInAnyOrder(EmailEventType.SUPPRESSED, EmailEventType.OPEN);
    assertThat(s.pollInterval().toSeconds()).isEqualTo(300);
    assertThat(s.backfillDays()).isEqualTo(30);
    assertThat(s.toString()).doesNotContain("very-secret-key");
    ExportSettings segment = ExportSettings.from(TestSettings.s0("{\"emailEvents\":{\"enabled\":true,"
        + "\"sink\":{\"type\":\"segment\",\"url\":\"https://events.eu1.segmentapis.com/\",\"writeKey\":\"w\"}}}").raw());
    assertThat(segment.sink().url().toString()).isEqualTo("https://events.eu1.segmentapis.com");
    assertThat(segment.types()).hasSize(13).doesNotContain(EmailEventType.UNBOUNCE);
    assertThat(ExportSettings.from(TestSettings.s0("{}").raw()).enabled()).isFalse();
    assertThat(ExportSettings.from(TestSettings.s0("{\"emailEvents\":{\"enabled\":false}}").raw()).enabled()).isFalse();
  }
}
