package io.hsdest;

import static io.hsdest.testkit.Json.tree;
import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.ServerHarness;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One server, two destinations (one live, one without a token), as a config file sets them up:
 * the write key picks the destination, /v1/validate never sends, /status is for the admin, and
 * no secret shows in any answer or in the metrics.
 */
class SeveralDestinationsHttpTest {
  private static final String ADMIN = "admin-secret-123";
  private FakeHubSpot fake;
  private ServerHarness server;

  @BeforeEach
  void start() {
    fake = FakeHubSpot.start(null, 0);
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()), """
        {"server":{"adminToken":"%s"},
         "destinations":[
          {"id":"shop","writeKeys":["shop-key"],"settings":{"accessToken":"%s","portalId":"123456"}},
          {"id":"blog","writeKeys":["blog-key","blog-key-2"],"settings":{"portalId":"777"}}]}"""
        .formatted(ADMIN, FakeHubSpot.DEFAULT_TOKEN));
  }

  @AfterEach
  void stop() {
    server.close();
    fake.close();
  }

  private static String identify(String id, String email) {
    return "{\"type\":\"identify\",\"messageId\":\"" + id + "\",\"userId\":\"" + id + "\",\"traits\":{\"email\":\"" + email + "\"}}";
  }

  private long writes() {
    return fake.calls().stream().filter(c -> c.method().equals("POST")).count();
  }

  @Test
  void theWriteKeyPicksTheDestinationAndOnlyTheLiveOneWritesToHubSpot() {
    HttpResponse<String> live = server.post("/v1/identify", identify("m-1", "shop@x.com"), "Authorization", basic("shop-key"));
    assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
    assertThat(tree(live.body()).path("results").get(0).has("requests")).as("live answers do not list bodies").isFalse();
    assertThat(fake.portal().contacts()).extracting(c -> c.property("email")).containsExactly("shop@x.com");

    long before = writes();
    for (String key : new String[] {"blog-key", "blog-key-2"}) {
      HttpResponse<String> dry = server.post("/v1/batch", "{\"writeKey\":\"" + key + "\",\"batch\":[" + identify("m-2", "blog@x.com") + "]}");
      assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
      JsonNode request = tree(dry.body()).path("results").get(0).path("requests").get(0);
      assertThat(request.path("path").asText()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
      assertThat(request.path("body").path("inputs").get(0).path("id").asText()).isEqualTo("blog@x.com");
    }
    assertThat(writes()).as("the dry-run destination sent nothing").isEqualTo(before);

    HttpResponse<String> unknown = server.post("/v1/identify", identify("m-3", "x@x.com"), "Authorization", basic("nobody"));
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(tree(unknown.body()).path("error").path("message").asText()).isNotBlank();
  }

  @Test
  void validateOnALiveDestinationShowsTheRequestsAndSendsNothing() {
    long before = writes();
    HttpResponse<String> r = server.post("/v1/validate", "{\"batch\":[" + identify("m-9", "Val@X.com") + "]}",
        "Authorization", basic("shop-key"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode request = tree(r.body()).path("results").get(0).path("requests").get(0);
    assertThat(request.path("method").asText()).isEqualTo("POST");
    assertThat(request.path("body").path("inputs").get(0).path("properties").path("email").asText()).isEqualTo("val@x.com");
    assertThat(writes()).isEqualTo(before);
    assertThat(fake.portal().contacts()).isEmpty();
    assertThat(r.body()).doesNotContain(FakeHubSpot.DEFAULT_TOKEN);
  }

  @Test
  void statusNeedsTheAdminTokenAndShowsEachDestinationWithoutSecrets() {
    assertThat(server.post("/v1/identify", identify("m-1", "shop@x.com"), "Authorization", basic("shop-key")).statusCode())
        .isEqualTo(200);
    HttpResponse<String> none = server.get("/status");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(tree(none.body()).path("error").path("code").asText()).isEqualTo("ADMIN_ONLY");
    assertThat(server.get("/status", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);

    HttpResponse<String> ok = server.get("/status", "Authorization", "Bearer " + ADMIN);
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode destinations = tree(ok.body()).path("destinations");
    assertThat(destinations).hasSize(2);
    assertThat(destinations.get(0).path("id").asText()).isEqualTo("shop");
    assertThat(destinations.get(0).path("mode").asText()).isEqualTo("live");
    assertThat(destinations.get(1).path("id").asText()).isEqualTo("blog");
    assertThat(destinations.get(1).path("mode").asText()).isEqualTo("dry-run");
    for (String secret : new String[] {FakeHubSpot.DEFAULT_TOKEN, ADMIN, "shop-key", "blog-key"}) {
      assertThat(ok.body()).doesNotContain(secret);
    }

    HttpResponse<String> health = server.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(tree(health.body()).path("destinations")).hasSize(2);
  }

  @Test
  void metricsCountMessagesOutcomesAndHubSpotCallsByEndpointAndStatusWithoutSecrets() {
    assertThat(server.post("/v1/identify", identify("m-1", "shop@x.com"), "Authorization", basic("shop-key")).statusCode())
        .isEqualTo(200);
    assertThat(server.post("/v1/identify", "{\"type\":\"identify\",\"messageId\":\"m-2\",\"traits\":{}}", "Authorization",
        basic("blog-key")).statusCode()).isEqualTo(200);
    String metrics = server.get("/metrics").body();
    assertThat(metrics).containsPattern("hubspot_request_duration_seconds_count\\{[^}]*endpoint=\"contacts_batch_upsert\"[^}]*status=\"200\"[^}]*} 1(\\.0)?\n");
    assertThat(metrics).containsPattern("ingest_messages_total\\{[^}]*destination=\"shop\"[^}]*type=\"identify\"[^}]*} 1\\.0");
    assertThat(metrics).containsPattern("message_outcomes_total\\{[^}]*destination=\"blog\"[^}]*outcome=\"DROPPED\"[^}]*} 1\\.0");
    for (String secret : new String[] {FakeHubSpot.DEFAULT_TOKEN, ADMIN, "shop-key", "blog-key"}) {
      assertThat(metrics).doesNotContain(secret);
    }
  }
}
