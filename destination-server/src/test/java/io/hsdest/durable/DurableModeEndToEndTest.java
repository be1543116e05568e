package io.hsdest.durable;

import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.Json;
import io.hsdest.testkit.ServerHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable mode on one machine (the embedded log): a request is answered once its messages are
 * recorded, delivery happens after, receipts tell the outcome, a HubSpot outage is ridden out by
 * the server (not by the client), a resend records nothing twice while it waits (and is written again, idempotently,
 * once final: HubSpot may have lost it since), and what HubSpot never takes
 * becomes a dead letter that can be sent again.
 */
class DurableModeEndToEndTest {
  private FakeHubSpot fake;
  private ServerHarness server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (fake != null) fake.close();
  }

  private void start(int maxRetryHours) {
    start("\"maxRetryHours\":" + maxRetryHours);
  }

  private void start(String delivery) {
    fake = FakeHubSpot.start(null, 0);
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()), """
        {"server":{"delivery":{"mode":"durable",%s}},
         "destinations":[{"id":"d","writeKeys":["wk"],"settings":{"accessToken":"%s","portalId":"123456"}}]}"""
        .formatted(delivery, FakeHubSpot.DEFAULT_TOKEN));
  }

  private JsonNode batch(String... messages) {
    var resp = server.post("/v1/batch", "{\"batch\":[" + String.join(",", messages) + "]}", "Authorization", basic("wk"));
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    return Json.tree(resp.body()).path("results");
  }

  private JsonNode receipt(String messageId) {
    var resp = server.get("/v1/messages/" + messageId, "Authorization", basic("wk"));
    return resp.statusCode() == 200 ? Json.tree(resp.body()) : null;
  }

  private static void await(BooleanSupplier done, String what) {
    long until = System.currentTimeMillis() + 30_000;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > until) throw new AssertionError("timed out waiting until " + what);
      pause(25);
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String identify(String id, String email) {
    return "{\"type\":\"identify\",\"messageId\":\"" + id + "\",\"userId\":\"u-" + id + "\",\"traits\":{\"email\":\"" + email + "\"}}";
  }

  @Test
  void aRequestIsAnsweredOnceRecordedAndDeliveredAfter() {
    start(24);
    JsonNode results = batch(identify("a1", "a1@x.com"),
        "{\"type\":\"track\",\"messageId\":\"a2\",\"userId\":\"u-a1\",\"event\":\"Signed Up\",\"properties\":{\"email\":\"a1@x.com\"}}",
        "{\"type\":\"identify\",\"messageId\":\"a3\",\"traits\":{\"firstName\":\"Nobody\"}}");
    assertThat(results.get(0).path("outcome").asText()).isEqualTo("ACCEPTED");
    assertThat(results.get(1).path("outcome").asText()).isEqualTo("ACCEPTED");
    assertThat(results.get(2).path("outcome").asText()).as("final at intake: no identifier").isEqualTo("DROPPED");
    assertThat(results.get(2).path("reason").asText()).isEqualTo("MISSING_IDENTIFIER");
    await(() -> receipt("a2") != null && receipt("a2").path("outcome").asText().startsWith("DELIVERED"), "the event is delivered");
    assertThat(receipt("a1").path("outcome").asText()).startsWith("DELIVERED");
    assertThat(fake.portal().contactBy("email", "a1@x.com")).isPresent();
    assertThat(fake.portal().eventOccurrences()).hasSize(1);
    assertThat(receipt("a3").path("outcome").asText()).isEqualTo("DROPPED");
    // the console's latest messages: what intake settled at once, and what the log's feed delivered after
    await(() -> outcomeInConsole("a2").startsWith("DELIVERED"), "the console shows the delivered event");
    assertThat(outcomeInConsole("a3")).isEqualTo("DROPPED");
  }

  private String outcomeInConsole(String messageId) {
    for (JsonNode m : Json.tree(server.get("/console/api/destinations/d/activity").body()).path("recent")) {
      if (m.path("messageId").asText().equals(messageId)) return m.path("outcome").asText();
    }
    return "";
  }

  @Test
  void hubSpotDownIsRiddenOutByTheServerAndAResendRecordsNothingTwice() {
    start(24);
    fake.configure(c -> c.with(new io.vertx.core.json.JsonObject().put("outage", true)));
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 20; i++) messages.add(identify("o" + i, "o" + i + "@x.com"));
    JsonNode first = batch(messages.toArray(String[]::new));
    first.forEach(r -> assertThat(r.path("outcome").asText()).isEqualTo("ACCEPTED"));
    JsonNode again = batch(messages.toArray(String[]::new)); // a client that did not see the answer resends
    again.forEach(r -> assertThat(r.path("outcome").asText()).isEqualTo("ACCEPTED"));
    await(() -> receipt("o0").path("attempts").asInt() >= 1, "delivery has tried while HubSpot is down");
    assertThat(receipt("o0").path("outcome").asText()).isEqualTo("ACCEPTED");
    assertThat(receipt("o0").path("lastError").asText()).isNotBlank();
    fake.configure(c -> c.with(new io.vertx.core.json.JsonObject().put("outage", false)));
    await(() -> fake.portal().contacts().size() == 20, "every contact is in HubSpot");
    await(() -> messages.stream().allMatch(m -> receipt(Json.tree(m).path("messageId").asText()).path("outcome").asText()
        .startsWith("DELIVERED")), "every receipt is final");
    long upserts = fake.calls().stream().filter(c -> c.path().endsWith("/contacts/batch/upsert") && c.status() == 200).count();
    assertThat(upserts).as("recorded once, so written once after the outage").isEqualTo(1);
  }

  @Test
  void aResendOfADeliveredMessageIsWrittenAgainSoHubSpotGetsBackWhatItLostAndNothingIsDoubled() {
    start(24);
    String contact = identify("r1", "r1@x.com");
    String event = "{\"type\":\"track\",\"messageId\":\"r2\",\"userId\":\"u-r1\",\"event\":\"Signed Up\","
        + "\"properties\":{\"email\":\"r1@x.com\"}}";
    batch(contact, event);
    await(() -> delivered("r1") && delivered("r2"), "both are delivered");
    String firstId = fake.portal().contactBy("email", "r1@x.com").orElseThrow().id();
    fake.portal().deleteContact(firstId); // someone deleted the contact in HubSpot; the receipt still says DELIVERED

    // the user replays the same messages (their original messageIds): HubSpot is the truth, not the receipt
    batch(contact, event).forEach(r -> assertThat(r.path("outcome").asText()).isEqualTo("ACCEPTED"));
    assertThat(receipt("r1").path("outcome").asText()).as("recorded again: ACCEPTED anew").isIn("ACCEPTED", "DELIVERED");
    await(() -> fake.portal().contactBy("email", "r1@x.com").isPresent(), "the contact is back in HubSpot");
    await(() -> delivered("r1") && delivered("r2"), "both are delivered again");
    assertThat(fake.portal().contactBy("email", "r1@x.com").orElseThrow().id()).isNotEqualTo(firstId);
    assertThat(fake.portal().eventOccurrences()).as("the event's uuid comes from its messageId: one occurrence").hasSize(1);
    assertThat(fake.portal().contacts()).hasSize(1);
  }

  private boolean delivered(String messageId) {
    JsonNode r = receipt(messageId);
    return r != null && r.path("outcome").asText().startsWith("DELIVERED");
  }

  @Test
  void aFullLogIsAnswered503WithRetryAfterAndTakesMessagesAgainOnceDeliveryCaughtUp() {
    start("\"logMaxMegabytesPerDestination\":1,\"logSegmentMegabytes\":1");
    fake.configure(c -> c.with(new io.vertx.core.json.JsonObject().put("outage", true)));
    String padding = "x".repeat(900);
    int accepted = 0;
    java.net.http.HttpResponse<String> refused = null;
    for (int b = 0; b < 20 && refused == null; b++) {
      List<String> messages = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        messages.add("{\"type\":\"identify\",\"messageId\":\"full-" + b + "-" + i + "\",\"traits\":{\"email\":\"f" + i
            + "@x.com\",\"notes\":\"" + padding + "\"}}");
      }
      var resp = server.post("/v1/batch", "{\"batch\":[" + String.join(",", messages) + "]}", "Authorization", basic("wk"));
      if (resp.statusCode() == 200) accepted += 200;
      else refused = resp;
    }
    assertThat(refused).as("a 1 MB log is full before 4 MB were sent").isNotNull();
    assertThat(accepted).isPositive();
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(Json.tree(refused.body()).path("results").get(0).path("detail").asText()).containsIgnoringCase("log");
    fake.configure(c -> c.with(new io.vertx.core.json.JsonObject().put("outage", false)));
    await(() -> server.post("/v1/identify", "{\"messageId\":\"after\",\"traits\":{\"email\":\"after@x.com\"}}",
        "Authorization", basic("wk")).statusCode() == 200, "the log takes messages again once delivery caught up");
  }

  @Test
  void whatHubSpotDoesNotTakeInTheRetryWindowIsADeadLetterToSendAgain() {
    start(0);
    fake.configure(c -> c.with(new io.vertx.core.json.JsonObject().put("outage", true)));
    batch(identify("f1", "f1@x.com"));
    await(() -> receipt("f1").path("outcome").asText().equals("FAILED"), "the message failed");
    var letters = Json.tree(server.get("/v1/dead-letters?destination=d").body());
    assertThat(letters.path("count").asInt()).isEqualTo(1);
    JsonNode letter = letters.path("deadLetters").get(0);
    assertThat(letter.path("messageId").asText()).isEqualTo("f1");
    assertThat(letter.path("lastError").asText()).isNotBlank();
    assertThat(letter.path("message").path("traits").path("email").asText()).isEqualTo("f1@x.com");
    JsonNode inConsole = Json.tree(server.get("/console/api/destinations/d/dead-letters").body());
    assertThat(inConsole.path("available").asBoolean()).isTrue();
    assertThat(inConsole.path("answer").path("deadLetters").get(0).path("messageId").asText()).isEqualTo("f1");
    fake.configure(c -> c.with(new io.vertx.core.json.JsonObject().put("outage", false)));
    // with no retries at all, a replay while the server still pauses after the outage fails again at once: replay until taken
    await(() -> {
      var replay = server.post("/v1/dead-letters/replay?destination=d", "");
      assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
      long until = System.currentTimeMillis() + 3_000;
      while (System.currentTimeMillis() < until && receipt("f1").path("outcome").asText().equals("ACCEPTED")) pause(25);
      return receipt("f1").path("outcome").asText().startsWith("DELIVERED");
    }, "the replayed message is delivered");
    assertThat(fake.portal().contactBy("email", "f1@x.com")).isPresent();
    assertThat(Json.tree(server.get("/v1/dead-letters?destination=d").body()).path("count").asInt()).isZero();
  }
}
