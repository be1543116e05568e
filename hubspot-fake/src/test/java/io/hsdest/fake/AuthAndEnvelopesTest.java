package io.hsdest.fake;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** hubspot-api.md sections 1-2: 401, 403, 404, malformed JSON, headers on every response, portals per token. */
class AuthAndEnvelopesTest extends FakeTestBase {

  @Test
  void missingUnknownAndDoubledTokensAnswer401WithHubSpotsBodyAndHeaders() {
    for (String token : new String[] {null, "pat-na1-nope", "Bearer " + TOKEN}) {
      Resp r = send("GET", "/crm/v3/objects/contacts?limit=1", null, token);
      assertThat(r.status()).isEqualTo(401);
      JsonObject body = r.json();
      assertThat(body.fieldNames()).containsExactly("status", "message", "correlationId", "category");
      assertThat(body.getString("status")).isEqualTo("error");
      assertThat(body.getString("message")).startsWith("Authentication credentials not found.");
      assertThat(body.getString("category")).isEqualTo("INVALID_AUTHENTICATION");
      assertThat(r.header("X-HubSpot-Auth-Failure")).isEqualTo("401 Unauthorized");
      assertThat(r.header("X-HubSpot-Correlation-Id")).isEqualTo(body.getString("correlationId"));
      assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
    }
  }

  @Test
  void revokedTokenAnswers401() {
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(200);
    fake.revokeToken(TOKEN);
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(401);
  }

  @Test
  void deniedScopeFamilyAnswers403MissingScopesListingTheScopes() {
    fake.denyScopes(TOKEN, ApiFamily.LISTS);
    Resp r = post("/crm/v3/lists", new JsonObject().put("name", "a").put("objectTypeId", "0-1")
        .put("processingType", "MANUAL"));
    assertThat(r.status()).isEqualTo(403);
    JsonObject body = r.json();
    assertThat(body.getString("category")).isEqualTo("MISSING_SCOPES");
    assertThat(body.getString("message")).startsWith("This app hasn't been granted all required scopes");
    assertThat(body.getJsonArray("errors").getJsonObject(0).getJsonObject("context")
        .getJsonArray("requiredGranularScopes")).contains("crm.lists.write");
    assertThat(body.getJsonObject("links").getString("scopes")).isEqualTo("https://developers.hubspot.com/scopes");
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).as("other families still work").isEqualTo(200);
    fake.grantAllScopes(TOKEN);
    assertThat(get("/crm/v3/lists/object-type-id/0-1/name/a").status()).isEqualTo(404);
  }

  @Test
  void contactScopeIsPerObjectType() {
    fake.denyScopes(TOKEN, ApiFamily.CONTACTS);
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(403);
    assertThat(get("/crm/v3/objects/0-1?limit=1").status()).isEqualTo(403);
    assertThat(get("/crm/v3/objects/companies?limit=1").status()).isEqualTo(200);
  }

  @Test
  void unknownRouteAnswers404EnvelopeWithCorrelationId() {
    Resp r = get("/crm/v3/nothing/here");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().getString("status")).isEqualTo("error");
    assertThat(r.json().getString("correlationId")).isEqualTo(r.header("X-HubSpot-Correlation-Id"));
  }

  @Test
  void unknownObjectTypeIsAValidationError() {
    Resp r = get("/crm/v3/objects/widgets?limit=1");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("message")).isEqualTo("Unable to infer object type from: widgets");
  }

  @Test
  void malformedJsonAnswers400ValidationError() {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", "{\"inputs\": [");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("category")).isEqualTo("VALIDATION_ERROR");
    assertThat(r.json().getString("message")).startsWith("Invalid input JSON");
    assertThat(r.header("X-HubSpot-Correlation-Id")).isNotBlank();
  }

  @Test
  void everyResponseCarriesACorrelationIdEvenA204() {
    Resp r = post("/events/v3/send", new JsonObject().put("eventName", "pe123456_signed_up").put("email", "a@x.com"));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("X-HubSpot-Correlation-Id")).matches("[0-9a-f-]{36}");
  }

  @Test
  void portalsAreIsolatedByToken() {
    fake.addPortal("pat-eu1-OTHER", 777);
    upsertContact("a@x.com");
    Resp other = send("GET", "/crm/v3/objects/contacts?limit=10", null, "pat-eu1-OTHER");
    assertThat(other.results()).isEmpty();
    assertThat(send("GET", "/account-info/v3/details", null, "pat-eu1-OTHER").json().getLong("portalId"))
        .isEqualTo(777);
    assertThat(fake.portal(777).eventDefinitionNames()).contains("pe777_order_completed");
  }

  @Test
  void accountDetailsAndDailyUsage() {
    JsonObject d = get("/account-info/v3/details").json();
    assertThat(d.fieldNames()).containsExactlyInAnyOrder("portalId", "accountType", "timeZone", "companyCurrency",
        "additionalCurrencies", "utcOffset", "utcOffsetMilliseconds", "uiDomain", "dataHostingLocation");
    assertThat(d.getLong("portalId")).isEqualTo(123456);
    assertThat(d.getString("accountType")).isEqualTo("STANDARD");
    assertThat(d.getString("timeZone")).isEqualTo("US/Eastern");
    assertThat(d.getString("utcOffset")).isIn("-05:00", "-04:00");
    assertThat(d.getString("uiDomain")).isEqualTo("app.hubspot.com");
    assertThat(d.getString("dataHostingLocation")).isEqualTo("na1");
    fake.configure(c -> c.withDailyLimit(250_000));
    get("/crm/v3/objects/contacts?limit=1");
    JsonObject usage = get("/account-info/v3/api-usage/daily/private-apps").results().getJsonObject(0);
    assertThat(usage.getString("name")).isEqualTo("private-apps-api-calls-daily");
    assertThat(usage.getLong("usageLimit")).isEqualTo(250_000);
    assertThat(usage.getLong("currentUsage")).isGreaterThanOrEqualTo(2);
    assertThat(usage.getString("fetchStatus")).isEqualTo("SUCCESS");
    assertThat(usage.getString("resetsAt")).isNotBlank();
  }

  @Test
  void anEuHostedAccountSaysSoInItsDetails() {
    fake.portal().hostedIn("eu1");
    JsonObject d = get("/account-info/v3/details").json();
    assertThat(d.getString("dataHostingLocation")).isEqualTo("eu1");
    assertThat(d.getString("uiDomain")).isEqualTo("app-eu1.hubspot.com");
  }

  @Test
  void tokenIntrospectionNamesPortalAppAndScopesWithoutAnAuthorizationHeaderAndIsNotCounted() {
    fake.configure(c -> c.withDailyLimit(250_000));
    long before = fake.stats().total();
    Resp r = send("POST", "/oauth/v2/private-apps/get/access-token-info", new JsonObject().put("tokenKey", TOKEN), null);
    assertThat(r.status()).isEqualTo(200);
    JsonObject info = r.json();
    assertThat(info.fieldNames()).containsExactlyInAnyOrder("userId", "hubId", "appId", "scopes");
    assertThat(info.getLong("hubId")).isEqualTo(123456);
    assertThat(info.getJsonArray("scopes")).contains("crm.objects.contacts.write", "crm.lists.read", "content", "oauth",
        "analytics.behavioral_events.send", "behavioral_events.event_definitions.read_write");
    assertThat(r.header("X-HubSpot-RateLimit-Daily-Remaining")).as("not counted").isNull();
    assertThat(fake.stats().total()).isEqualTo(before + 1);

    fake.denyScopes(TOKEN, ApiFamily.LISTS, ApiFamily.CONTENT);
    JsonObject less = send("POST", "/oauth/v2/private-apps/get/access-token-info", new JsonObject().put("tokenKey", TOKEN),
        TOKEN).json();
    assertThat(less.getJsonArray("scopes")).doesNotContain("crm.lists.read", "crm.lists.write", "content")
        .contains("crm.objects.contacts.read");
  }

  @Test
  void tokenIntrospectionRefusesAnUnknownOrMissingToken() {
    Resp unknown = send("POST", "/oauth/v2/private-apps/get/access-token-info",
        new JsonObject().put("tokenKey", "pat-na1-nope"), null);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.json().getString("category")).isEqualTo("INVALID_AUTHENTICATION");
    Resp missing = send("POST", "/oauth/v2/private-apps/get/access-token-info", new JsonObject(), TOKEN);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getString("category")).isEqualTo("VALIDATION_ERROR");
  }
}
