package io.hsdest.audiences;

import static io.hsdest.testkit.Json.tree;
import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.ServerHarness;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A destination without a token says what a sync would do and calls nothing; the live one's syncs show in
 * {@code /status} and in the Prometheus metrics, without any secret.
 */
class DryRunAndStatusTest {
  private static FakeHubSpot fake;
  private static ServerHarness server;

  @BeforeAll
  static void start() {
    fake = FakeHubSpot.start(null, 0);
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()), """
        {"destinations":[
          {"id":"live","writeKeys":["live-key"],"settings":{"accessToken":"%s","portalId":"123456","requestsPer10Seconds":1000,
            "createMissingContacts":false}},
          {"id":"dry","writeKeys":["dry-key"],"settings":{"portalId":"777","listNamePrefix":"seg_"}}]}"""
        .formatted(FakeHubSpot.DEFAULT_TOKEN));
  }

  @AfterAll
  static void stop() {
    server.close();
    fake.close();
  }

  private static HttpResponse<String> put(String key, String audience, String body) {
    return server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/v1/audiences/" + audience + "/members")))
        .header("Authorization", basic(key)).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
  }

  @Test
  void aDryRunDestinationSaysWhatWouldBeDoneAndCallsNothing() {
    long before = fake.stats().total();
    HttpResponse<String> r = put("dry-key", "vips", "{\"members\":[{\"email\":\"a@b.co\"},{\"email\":\"nope\"},{\"contactId\":\"12\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode report = tree(r.body());
    assertThat(report.path("dryRun").asBoolean()).isTrue();
    assertThat(report.path("listName").asText()).isEqualTo("seg_vips");
    assertThat(report.path("wouldAdd").asInt()).isEqualTo(2);
    assertThat(report.path("dropped").get(0).path("reason").asText()).isEqualTo("INVALID_EMAIL");
    assertThat(report.path("plan").toString()).contains("seg_vips").contains("by email").contains("by record id");
    HttpResponse<String> cohort = server.post("/v1/cohorts/amplitude",
        AudienceHarness.cohortPayload("Churn risk", "c9", false, "m9", List.of("x@y.co")), "Authorization", basic("dry-key"));
    assertThat(tree(cohort.body()).path("wouldRemove").asInt()).isEqualTo(1);
    assertThat(fake.stats().total()).isEqualTo(before);
    assertThat(fake.portal().lists()).noneMatch(l -> l.name().startsWith("seg_"));
  }

  @Test
  void syncsShowInStatusAndMetricsWithoutSecrets() {
    HttpResponse<String> r = put("live-key", "status_check", "{\"members\":[{\"email\":\"unknown@example.com\"},{\"email\":\"\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(tree(r.body()).path("dropped").findValuesAsText("reason")).containsExactly("CONTACT_NOT_FOUND", "NO_IDENTIFIER");

    JsonNode status = tree(server.get("/status").body());
    JsonNode live = status.path("destinations").get(0);
    assertThat(live.path("id").asText()).isEqualTo("live");
    JsonNode audiences = live.path("audiences");
    assertThat(audiences.path("listsBound").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(audiences.path("syncsSinceStart").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(audiences.path("lastSync").path("audienceKey").asText()).isEqualTo("status_check");
    assertThat(audiences.path("lastSync").path("dropped").asInt()).isEqualTo(2);

    String metrics = server.get("/metrics").body();
    assertThat(metrics).contains("audience_syncs_total{destination=\"live\",kind=\"full\",outcome=\"ok\"}");
    assertThat(metrics).contains("audience_members_dropped_total{destination=\"live\",reason=\"CONTACT_NOT_FOUND\"}");
    assertThat(metrics).contains("audience_members_added_total{destination=\"live\"}");
    assertThat(metrics + server.get("/status").body()).doesNotContain(FakeHubSpot.DEFAULT_TOKEN);
  }
}
