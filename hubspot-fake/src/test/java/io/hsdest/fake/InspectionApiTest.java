package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The /__fake HTTP API a benchmark in another process uses, and the Java call log. */
class InspectionApiTest extends FakeTestBase {

  private static Resp admin(String method, String path, Object body) {
    return send(method, "/__fake" + path, body, null);
  }

  @Test
  void configIsReadAndPatchedOverHttpAndBadKeysAre400() {
    assertThat(admin("GET", "/config", null).json()).isEqualTo(FakeConfig.defaults().toJson());
    Resp patched = admin("POST", "/config", new JsonObject().put("rateLimitPer10s", 1).put("latencyMs", 0));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().getInteger("rateLimitPer10s")).isEqualTo(1);
    assertThat(fake.config().rateLimitPer10s()).isEqualTo(1);
    get("/crm/v3/objects/contacts?limit=1");
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(429);
    Resp bad = admin("POST", "/config", new JsonObject().put("nope", 1));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getString("error")).contains("nope");
    assertThat(admin("POST", "/config", new JsonObject().put("errorRate", 2.0)).status()).isEqualTo(400);
  }

  @Test
  void listsOfAnyProcessingTypeAreSeededAndContactsDeleted() {
    String a = upsertContact("a@x.com");
    Resp seeded = admin("POST", "/lists", new JsonObject().put("name", "Active users").put("processingType", "DYNAMIC")
        .put("memberIds", new JsonArray().add(a)));
    assertThat(seeded.status()).isEqualTo(200);
    assertThat(seeded.json().getString("processingType")).isEqualTo("DYNAMIC");
    assertThat(seeded.json().getInteger("size")).isEqualTo(1);
    assertThat(fake.portal().list("active users").orElseThrow().memberIds()).containsExactly(a);
    assertThat(admin("POST", "/lists", new JsonObject().put("name", "ACTIVE USERS").put("processingType", "MANUAL"))
        .status()).isEqualTo(400);
    assertThat(admin("POST", "/lists", new JsonObject().put("name", "x").put("memberIds", new JsonArray().add("999")))
        .status()).isEqualTo(400);
    assertThat(admin("DELETE", "/objects/contacts/" + a, null).status()).isEqualTo(200);
    assertThat(fake.portal().list("active users").orElseThrow().memberIds()).isEmpty();
    assertThat(admin("DELETE", "/objects/contacts/" + a, null).status()).isEqualTo(404);
  }

  @Test
  void stateCallsAndStats() {
    String id = upsertContact("a@x.com", "firstname", "A");
    post("/events/v3/send", new JsonObject().put("eventName", "pe123456_signed_up").put("email", "a@x.com"));
    get("/nowhere");
    JsonObject state = admin("GET", "/state", null).json();
    assertThat(state.getInteger("contactCount")).isEqualTo(1);
    assertThat(state.getJsonArray("contacts").getJsonObject(0).getString("id")).isEqualTo(id);
    assertThat(state.getJsonArray("eventOccurrences")).hasSize(1);
    assertThat(state.getJsonArray("eventDefinitions")).contains("pe123456_signed_up");

    JsonArray calls = admin("GET", "/calls?limit=10", null).json().getJsonArray("calls");
    assertThat(calls).hasSize(3);
    JsonObject upsert = calls.getJsonObject(0);
    assertThat(upsert.getString("method")).isEqualTo("POST");
    assertThat(upsert.getString("path")).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
    assertThat(upsert.getInteger("status")).isEqualTo(200);
    assertThat(upsert.getJsonObject("body").getJsonArray("inputs")).hasSize(1);
    assertThat(admin("GET", "/calls?status=404", null).json().getJsonArray("calls")).hasSize(1);

    JsonObject stats = admin("GET", "/stats", null).json();
    assertThat(stats.getLong("total")).isEqualTo(3);
    assertThat(stats.getJsonObject("byEndpoint").getJsonObject("POST /crm/v3/objects/contacts/batch/upsert")
        .getLong("200")).isEqualTo(1);
    assertThat(stats.getJsonObject("byEndpoint").getJsonObject("POST /events/v3/send").getLong("204")).isEqualTo(1);
    assertThat(stats.getLong("eventOccurrencesStored")).isEqualTo(1);

    assertThat(admin("GET", "/objects/contacts/a@x.com?idProperty=email", null).json().getString("id")).isEqualTo(id);
    assertThat(admin("GET", "/objects/contacts/999", null).status()).isEqualTo(404);
    assertThat(admin("GET", "/events?eventName=pe123456_signed_up", null).json().getInteger("total")).isEqualTo(1);
  }

  @Test
  void javaCallLogIsBoundedButCountsAreNot() {
    fake.configure(c -> c.with(new JsonObject().put("callLogCapacity", 3)));
    for (int i = 0; i < 5; i++) {
      get("/crm/v3/objects/contacts?limit=1");
    }
    assertThat(fake.calls()).hasSize(3);
    assertThat(fake.calls().get(0).query()).isEqualTo("limit=1");
    assertThat(fake.stats().count("GET /crm/v3/objects/contacts")).isEqualTo(5);
    CallRecord call = fake.calls().get(2);
    assertThat(call.portalId()).isEqualTo(123456);
    assertThat(call.endpoint()).isEqualTo("GET /crm/v3/objects/contacts");
  }

  @Test
  void resetScriptPortalsScopesAndMergeOverHttp() {
    upsertContact("a@x.com");
    assertThat(admin("POST", "/reset", null).status()).isEqualTo(204);
    assertThat(fake.portal().contacts()).isEmpty();
    assertThat(fake.stats().total()).isZero();

    assertThat(admin("POST", "/script", new JsonObject().put("method", "GET").put("path", "/crm/v3/objects/contacts")
        .put("times", 1).put("status", 503).put("body", new JsonObject().put("status", "error"))).status())
        .isEqualTo(200);
    assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(503);
    assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
    admin("POST", "/script", new JsonArray().add(new JsonObject().put("path", "/crm/v3/lists/*").put("status", 500))
        .add(new JsonObject().put("path", "/crm/v3/lists/*").put("hang", true)));
    assertThat(admin("GET", "/script", null).json().getJsonArray("scripts")).hasSize(2);
    assertThat(get("/crm/v3/lists/1").status()).isEqualTo(500);
    assertThat(admin("DELETE", "/script", null).status()).isEqualTo(204);
    assertThat(get("/crm/v3/lists/1").status()).isEqualTo(404);

    assertThat(admin("POST", "/portals", new JsonObject().put("token", "pat-x").put("portalId", 42)).status())
        .isEqualTo(200);
    assertThat(send("GET", "/account-info/v3/details", null, "pat-x").json().getLong("portalId")).isEqualTo(42);
    admin("POST", "/scopes", new JsonObject().put("token", "pat-x").put("deny", new JsonArray().add("ACCOUNT_INFO")));
    assertThat(send("GET", "/account-info/v3/details", null, "pat-x").status()).isEqualTo(403);
    admin("POST", "/tokens/revoke", new JsonObject().put("token", "pat-x"));
    assertThat(send("GET", "/account-info/v3/details", null, "pat-x").status()).isEqualTo(401);

    String p = upsertContact("p@x.com");
    String m = upsertContact("m@x.com");
    Resp merged = admin("POST", "/merge", new JsonObject().put("primaryId", p).put("mergedId", m));
    assertThat(merged.json().getJsonObject("properties").getString("hs_merged_object_ids")).isEqualTo(m);
  }
}
