package io.hsdest.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.hsdest.testkit.Json.tree;
import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsdest.testkit.ScriptedHubSpot;
import io.hsdest.testkit.ServerHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server against WireMock answering like HubSpot (hubspot-api.md sections 2-3): what the
 * client sees for a success, an outage and a refused token, and that the token is never logged.
 */
class WireMockHubSpotTest {
  private static final String TOKEN = "pat-na1-FAKE-wiremock-test-token";
  private static final String IDENTIFY = "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"m-1\",\"traits\":{\"email\":\"jane@x.com\",\"firstName\":\"Jane\"}}]}";
  private WireMockServer hubspot;
  private ServerHarness server;

  @BeforeEach
  void start() {
    hubspot = new WireMockServer(options().dynamicPort());
    hubspot.start();
    hubspot.stubFor(get(urlPathEqualTo("/crm/v3/properties/contacts")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json;charset=utf-8")
        .withBody(ScriptedHubSpot.fixture("contact-properties-P0.json").toString())));
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", hubspot.baseUrl(), "HUBSPOT_ACCESS_TOKEN", TOKEN,
        "HUBSPOT_PORTAL_ID", "123456", "WRITE_KEYS", "wk"));
  }

  @AfterEach
  void stop() {
    server.close();
    hubspot.stop();
  }

  @Test
  void a200UpsertIsDelivered() {
    hubspot.stubFor(post(urlEqualTo("/crm/v3/objects/contacts/batch/upsert")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json;charset=utf-8").withHeader("X-HubSpot-RateLimit-Max", "100")
        .withHeader("X-HubSpot-RateLimit-Remaining", "99").withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
        .withBody("{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"501\",\"properties\":{\"email\":\"jane@x.com\"},\"new\":true}]}")));
    var r = server.post("/v1/batch", IDENTIFY, "Authorization", basic("wk"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(tree(r.body()).path("results").get(0).path("outcome").asText()).isEqualTo("DELIVERED");
    hubspot.verify(postRequestedFor(urlEqualTo("/crm/v3/objects/contacts/batch/upsert"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Content-Type", equalTo("application/json")));
  }

  @Test
  void hubSpotUnavailableMeans503WithRetryAfter() {
    hubspot.stubFor(post(urlEqualTo("/crm/v3/objects/contacts/batch/upsert")).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "application/json;charset=utf-8")
        .withBody("{\"status\":\"error\",\"message\":\"Service Unavailable\",\"correlationId\":\"c-503\"}")));
    var r = server.post("/v1/batch", IDENTIFY, "Authorization", basic("wk"));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(tree(r.body()).path("results").get(0).path("outcome").asText()).isEqualTo("RETRY_LATER");
  }

  @Test
  void aRefusedTokenIs503ForTheClientAndTheLogNamesTheProblemWithoutTheToken() {
    hubspot.stubFor(post(urlEqualTo("/crm/v3/objects/contacts/batch/upsert")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json;charset=utf-8").withHeader("X-HubSpot-Auth-Failure", "401 Unauthorized")
        .withBody("{\"status\":\"error\",\"message\":\"Authentication credentials not found. This API supports OAuth 2.0 authentication\","
            + "\"correlationId\":\"c-45\",\"category\":\"INVALID_AUTHENTICATION\"}")));
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    try {
      var r = server.post("/v1/batch", IDENTIFY, "Authorization", basic("wk"));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.body()).contains("token").doesNotContain(TOKEN);
      var again = server.post("/v1/batch", IDENTIFY, "Authorization", basic("wk"));
      assertThat(again.statusCode()).as("held: the client keeps the message in its retry loop").isEqualTo(503);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString();
    assertThat(log).contains("HubSpot refused the access token").contains("c-45");
    assertThat(log).doesNotContain(TOKEN).doesNotContain("wiremock-test-token");
  }

  private void restart(String serverSection) {
    server.close();
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", hubspot.baseUrl()), """
        {"server":%s,"destinations":[{"id":"default","writeKeys":["wk"],"settings":{"accessToken":"%s","portalId":"123456"}}]}"""
        .formatted(serverSection, TOKEN));
  }

  @Test
  void aRateLimitThatOutlastsTheRequestIs429WithRetryAfterForTheClient() {
    restart("{\"requestTimeoutMs\":1500}");
    hubspot.stubFor(post(urlEqualTo("/crm/v3/objects/contacts/batch/upsert")).willReturn(aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json;charset=utf-8").withHeader("X-HubSpot-RateLimit-Max", "100")
        .withHeader("X-HubSpot-RateLimit-Remaining", "0").withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
        .withBody("{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\",\"errorType\":\"RATE_LIMIT\","
            + "\"policyName\":\"TEN_SECONDLY_ROLLING\",\"correlationId\":\"c-41\"}")));
    var r = server.post("/v1/batch", IDENTIFY, "Authorization", basic("wk"));
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    assertThat(tree(r.body()).path("results").get(0).path("messageId").asText()).isEqualTo("m-1");
    hubspot.verify(1, postRequestedFor(urlEqualTo("/crm/v3/objects/contacts/batch/upsert")));
  }

  @Test
  void aFullQueueIs429WithRetryAfterBeforeAnythingIsSent() {
    restart("{\"maxQueuedOperations\":1}");
    String two = "{\"batch\":[{\"type\":\"identify\",\"messageId\":\"m-1\",\"traits\":{\"email\":\"a@x.com\"}},"
        + "{\"type\":\"identify\",\"messageId\":\"m-2\",\"traits\":{\"email\":\"b@x.com\"}}]}";
    var r = server.post("/v1/batch", two, "Authorization", basic("wk"));
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
    assertThat(r.body()).contains("maxQueuedOperations");
    hubspot.verify(0, postRequestedFor(urlEqualTo("/crm/v3/objects/contacts/batch/upsert")));
  }
}
