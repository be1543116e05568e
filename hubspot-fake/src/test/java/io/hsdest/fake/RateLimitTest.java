package io.hsdest.fake;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ten-secondly and daily limits per token, headers, exemptions (hubspot-api.md section 3). */
class RateLimitTest extends FakeTestBase {

  @Test
  void unlimitedByDefaultWithoutRateHeaders() {
    Resp r = get("/crm/v3/objects/contacts?limit=1");
    assertThat(r.header("X-HubSpot-RateLimit-Max")).isNull();
    assertThat(r.header("X-HubSpot-RateLimit-Daily")).isNull();
  }

  @Test
  void tenSecondlyWindowCountsDownThenAnswers429WithTheRealBody() {
    fake.configure(c -> c.withRateLimitPer10s(3).withDailyLimit(250_000));
    Resp first = get("/crm/v3/objects/contacts?limit=1");
    assertThat(first.header("X-HubSpot-RateLimit-Max")).isEqualTo("3");
    assertThat(first.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("2");
    assertThat(first.header("X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
    assertThat(first.header("X-HubSpot-RateLimit-Daily")).isEqualTo("250000");
    assertThat(first.header("X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("249999");
    get("/crm/v3/objects/contacts?limit=1");
    assertThat(get("/crm/v3/objects/contacts?limit=1").header("X-HubSpot-RateLimit-Remaining")).isEqualTo("0");
    Resp limited = get("/crm/v3/objects/contacts?limit=1");
    assertThat(limited.status()).isEqualTo(429);
    JsonObject body = limited.json();
    assertThat(body.fieldNames()).containsExactly("status", "message", "errorType", "correlationId", "policyName");
    assertThat(body.getString("message")).isEqualTo("You have reached your ten_secondly_rolling limit.");
    assertThat(body.getString("policyName")).isEqualTo("TEN_SECONDLY_ROLLING");
    assertThat(limited.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("0");
    assertThat(limited.header("X-HubSpot-Correlation-Id")).isEqualTo(body.getString("correlationId"));
    assertThat(fake.tooManyRequestsSent()).isEqualTo(1);
  }

  @Test
  void limitIsPerToken() {
    fake.configure(c -> c.withRateLimitPer10s(1));
    fake.addPortal("pat-na1-SECOND", FakeHubSpot.DEFAULT_PORTAL_ID);
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(200);
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(429);
    assertThat(send("GET", "/crm/v3/objects/contacts?limit=1", null, "pat-na1-SECOND").status()).isEqualTo(200);
  }

  @Test
  void eventSendsAreExemptFromTenSecondlyAndDailyUnlessConfigured() {
    fake.configure(c -> c.withRateLimitPer10s(1).withDailyLimit(1));
    JsonObject event = new JsonObject().put("eventName", "pe123456_signed_up").put("email", "a@x.com");
    for (int i = 0; i < 3; i++) {
      Resp r = post("/events/v3/send", event);
      assertThat(r.status()).isEqualTo(204);
      assertThat(r.header("X-HubSpot-RateLimit-Max")).isNull();
    }
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(200);
    fake.configure(c -> c.with(new JsonObject().put("exemptEventsFromTenSecondly", false)));
    assertThat(post("/events/v3/send", event).status()).isEqualTo(429);
  }

  @Test
  void associationBatchesAreExemptFromTenSecondlyButCountDaily() {
    String contact = upsertContact("a@x.com");
    String company = post("/crm/v3/objects/companies", new JsonObject().put("properties", props("name", "A")))
        .json().getString("id");
    fake.configure(c -> c.withRateLimitPer10s(1).withDailyLimit(100));
    JsonObject body = inputs(new JsonObject().put("from", new JsonObject().put("id", contact))
        .put("to", new JsonObject().put("id", company)));
    Resp a = post("/crm/v4/associations/contacts/companies/batch/associate/default", body);
    Resp b = post("/crm/v4/associations/contacts/companies/batch/associate/default", body);
    assertThat(a.status()).isEqualTo(200);
    assertThat(b.status()).isEqualTo(200);
    assertThat(b.header("X-HubSpot-RateLimit-Max")).isNull();
    assertThat(b.header("X-HubSpot-RateLimit-Daily-Remaining")).as("the two seeding calls count too").isEqualTo("96");
    fake.configure(c -> c.with(new JsonObject().put("exemptAssociationBatchFromTenSecondly", false)));
    post("/crm/v4/associations/contacts/companies/batch/associate/default", body);
    assertThat(post("/crm/v4/associations/contacts/companies/batch/associate/default", body).status()).isEqualTo(429);
  }

  @Test
  void dailyLimitAnswers429Daily() {
    fake.configure(c -> c.withDailyLimit(2));
    get("/crm/v3/objects/contacts?limit=1");
    Resp last = get("/crm/v3/objects/contacts?limit=1");
    assertThat(last.header("X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("0");
    Resp limited = get("/crm/v3/objects/contacts?limit=1");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().getString("policyName")).isEqualTo("DAILY");
    assertThat(limited.json().getString("message")).isEqualTo("You have reached your daily limit.");
    assertThat(limited.json().getString("errorType")).isEqualTo("RATE_LIMIT");
    assertThat(limited.json().getString("requestId")).isNotBlank();
  }

  @Test
  void rateLimitedCallsAreCountedPerEndpointAndStatus() {
    // The rolling logic itself is unit-tested with a fake clock in RollingWindowTest; this checks the wiring.
    fake.configure(c -> c.withRateLimitPer10s(2));
    get("/crm/v3/objects/contacts?limit=1");
    get("/crm/v3/objects/contacts?limit=1");
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(429);
    assertThat(fake.stats().count("GET /crm/v3/objects/contacts", 429)).isEqualTo(1);
    assertThat(fake.stats().count("GET /crm/v3/objects/contacts", 200)).isEqualTo(2);
  }
}
