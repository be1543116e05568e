package io.hsdest.receipts;

import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.Json;
import io.hsdest.testkit.ServerHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/messages/{messageId}} in sync mode: the receipt of a message the server answered. */
class ReceiptsHttpTest {
  private FakeHubSpot fake;
  private ServerHarness server;

  @BeforeEach
  void start() {
    fake = FakeHubSpot.start(null, 0);
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl(), "HUBSPOT_ACCESS_TOKEN", FakeHubSpot.DEFAULT_TOKEN,
        "HUBSPOT_PORTAL_ID", "123456", "WRITE_KEYS", "wk"));
  }

  @AfterEach
  void stop() {
    server.close();
    fake.close();
  }

  @Test
  void aDeliveredMessageCanBeLookedUpByItsWriteKey() {
    var sent = server.post("/v1/identify", "{\"messageId\":\"r-1\",\"userId\":\"u\",\"traits\":{\"email\":\"r@x.com\",\"plan\":\"pro\"}}",
        "Authorization", basic("wk"));
    assertThat(sent.statusCode()).isEqualTo(200);
    var found = server.get("/v1/messages/r-1", "Authorization", basic("wk"));
    assertThat(found.statusCode()).isEqualTo(200);
    var receipt = Json.tree(found.body());
    assertThat(receipt.path("messageId").asText()).isEqualTo("r-1");
    assertThat(receipt.path("type").asText()).isEqualTo("identify");
    assertThat(receipt.path("outcome").asText()).isEqualTo("DELIVERED_WITH_WARNINGS");
    assertThat(receipt.path("warnings").get(0).path("code").asText()).isEqualTo("PROPERTY_UNKNOWN");
    assertThat(receipt.path("attempts").asInt()).isEqualTo(1);
    assertThat(receipt.path("acceptedAt").asText()).isNotBlank();
    assertThat(receipt.path("finishedAt").asText()).isNotBlank();
  }

  @Test
  void aMessageAnswered503InSyncModeHasNoReceiptUntilItIsSentAgainAndDelivered() {
    fake.configure(c -> c.withOutage(true));
    String message = "{\"messageId\":\"r-2\",\"userId\":\"u2\",\"traits\":{\"email\":\"r2@x.com\"}}";
    var refused = server.post("/v1/identify", message, "Authorization", basic("wk"));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    var notTaken = server.get("/v1/messages/r-2", "Authorization", basic("wk"));
    assertThat(notTaken.statusCode()).as("sync mode never took it: it is the client's to resend, not ACCEPTED")
        .isEqualTo(404);
    assertThat(Json.tree(notTaken.body()).path("error").path("message").asText()).contains("503");

    fake.configure(c -> c.withOutage(false));
    // as a client does: resent after Retry-After (the server waits out the outage it saw before calling HubSpot again)
    var resent = server.post("/v1/identify", message, "Authorization", basic("wk"));
    for (int i = 0; i < 10 && resent.statusCode() == 503; i++) {
      sleepRetryAfter(resent.headers().firstValue("Retry-After").orElse("1"));
      resent = server.post("/v1/identify", message, "Authorization", basic("wk"));
    }
    assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
    var found = Json.tree(server.get("/v1/messages/r-2", "Authorization", basic("wk")).body());
    assertThat(found.path("outcome").asText()).startsWith("DELIVERED");
    assertThat(found.path("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void anUnknownMessageIs404AndAWrongKey401() {
    var unknown = server.get("/v1/messages/never-sent", "Authorization", basic("wk"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Json.tree(unknown.body()).path("error").path("code").asText()).isEqualTo("MESSAGE_NOT_FOUND");
    assertThat(server.get("/v1/messages/never-sent", "Authorization", basic("other")).statusCode()).isEqualTo(401);
  }

  private static void sleepRetryAfter(String seconds) {
    try {
      Thread.sleep(Math.min(5_000, Long.parseLong(seconds.trim()) * 1_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
