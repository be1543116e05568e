package io.hsdest.emailevents;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.hubspot.JsonBodies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batching within the sink's limits, halving around one bad event, and a bounded wait, against a capture collector. */
class SinkClientTest {
  /** Short waits, but a generous time to answer: the machine may be busy. */
  static final ExportTuning FAST = new ExportTuning(0, 0, 60_000, 60_000, 60_000, 1000, new Backoff(5, 20), 1_000,
      new Backoff(5, 20), 30_000, 20_000, 10, 0);
  /** Gives up on a batch after half a second. */
  static final ExportTuning IMPATIENT = new ExportTuning(0, 0, 60_000, 60_000, 60_000, 1000, new Backoff(5, 20), 1_000,
      new Backoff(5, 20), 500, 20_000, 10, 0);
  final Vertx vertx = Vertx.vertx();
  SinkCapture sink;

  @AfterEach
  void close() {
    if (sink != null) sink.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  static List<EmailEvent> events(int n, int textSize) throws Exception {
    List<EmailEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String json = "{\"id\":\"e" + i + "\",\"created\":" + (1_700_000_000_000L + i) + ",\"type\":\"DELIVERED\","
          + "\"recipient\":\"user" + i + "@x.example\",\"portalId\":1,\"response\":\"" + "r".repeat(textSize) + "\"}";
      out.add(EmailEvent.of(JsonBodies.MAPPER.readTree(json)));
    }
    return out;
  }

  SinkClient client(List<String> errors) {
    return client(errors, FAST);
  }

  SinkClient client(List<String> errors, ExportTuning tuning) {
    ExportSettings.Sink s = new ExportSettings.Sink(ExportSettings.SinkKind.SEGMENT, URI.create(sink.url()), sink.key);
    return new SinkClient(vertx, s, new SegmentFormat("1", sink.key), tuning, (status, why) -> errors.add(status + " " + why));
  }

  @Test
  void largeEventsGoInSeveralRequestsEachUnderFiveHundredKilobytes() throws Exception {
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, "wk");
    List<EmailEvent> events = events(300, 2000);
    List<EmailEvent> accepted = new ArrayList<>();
    client(new ArrayList<>()).send(events, (ok, rejected) -> {
      accepted.addAll(ok);
      assertThat(rejected).isEmpty();
      return Future.succeededFuture();
    }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(accepted).hasSize(300);
    assertThat(sink.requests()).hasSizeGreaterThan(1)
        .allMatch(r -> r.body().getBytes(StandardCharsets.UTF_8).length <= SegmentFormat.MAX_BODY_BYTES);
    assertThat(sink.ingested()).hasSize(300);
    assertThat(sink.violations()).isEmpty();
  }

  @Test
  void aBatchRefusedForOneEventIsHalvedUntilOnlyThatEventIsGivenUp() throws Exception {
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, "wk");
    sink.refuseBatchesWithUser("user37@x.example");
    List<EmailEvent> rejected = new ArrayList<>();
    List<EmailEvent> accepted = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    client(errors).send(events(100, 10), (ok, bad) -> {
      accepted.addAll(ok);
      rejected.addAll(bad);
      return Future.succeededFuture();
    }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(rejected).extracting(EmailEvent::recipient).containsExactly("user37@x.example");
    assertThat(accepted).hasSize(99);
    assertThat(sink.ingested()).hasSize(99);
    assertThat(sink.requests().size()).isLessThanOrEqualTo(2 * 7 + 1); // log2(100) halvings, each with its sibling
    assertThat(errors).allMatch(e -> e.startsWith("400"));
  }

  @Test
  void aSinkThatStaysDownFailsTheSendAfterTheBoundedWaitAndTakesNothing() throws Exception {
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, "wk");
    sink.unavailableFor(60_000);
    List<EmailEvent> accepted = new ArrayList<>();
    Throwable failure = client(new ArrayList<>(), IMPATIENT).send(events(5, 10), (ok, bad) -> {
      accepted.addAll(ok);
      return Future.succeededFuture();
    }).toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(30, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(SinkClient.SinkFailure.class);
    assertThat(((SinkClient.SinkFailure) failure).code).isEqualTo("SINK_UNAVAILABLE");
    assertThat(accepted).isEmpty();
    assertThat(sink.requests().size()).isGreaterThan(1);
  }

  @Test
  void aWrongWriteKeyStopsAtOnce() throws Exception {
    sink = SinkCapture.start(SinkCapture.Kind.SEGMENT, "the-right-key");
    ExportSettings.Sink s = new ExportSettings.Sink(ExportSettings.SinkKind.SEGMENT, URI.create(sink.url()), "wrong");
    SinkClient c = new SinkClient(vertx, s, new SegmentFormat("1", "wrong"), FAST, (status, why) -> { });
    Throwable failure = c.send(events(3, 10), (ok, bad) -> Future.succeededFuture())
        .toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(30, TimeUnit.SECONDS);
    assertThat(((SinkClient.SinkFailure) failure).code).isEqualTo("SINK_REFUSED");
    assertThat(sink.requests()).hasSize(1);
    assertThat(new JsonObject(sink.requests().get(0).body()).getJsonArray("batch")).hasSize(3);
  }
}
