package io.hsdest.console;

import static io.hsdest.testkit.Json.tree;
import static io.hsdest.testkit.ServerHarness.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.fake.ApiFamily;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.testkit.ServerHarness;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console over HTTP, against a real server and the HubSpot fake: who may see it (a Bearer admin token, or a
 * session opened by signing in; a browser POST needs its CSRF token), and what each part of its API shows for a live
 * destination whose account is hosted in the EU, whose token lacks the list scopes and belongs to another portal than
 * one destination says, and for a dry-run one. Every answer is checked for every secret of the configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleHttpTest {
  static final String ADMIN = "admin-secret-token-42";
  static final String SINK_KEY = "sink-secret-key-77";
  static final List<String> SECRETS = List.of(ADMIN, SINK_KEY, FakeHubSpot.DEFAULT_TOKEN, "wk-acme-secret",
      "wk-test-secret", "wk-other-secret");

  private FakeHubSpot fake;
  private ServerHarness server;

  @BeforeAll
  void start() {
    fake = FakeHubSpot.start(null, 0);
    fake.configure(c -> c.withDailyLimit(250_000).withRateLimitPer10s(100));
    fake.portal().hostedIn("eu1");
    fake.denyScopes(FakeHubSpot.DEFAULT_TOKEN, ApiFamily.LISTS);
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl(), "ADMIN_TOKEN", ADMIN), """
        {"destinations":[
          {"id":"acme","writeKeys":["wk-acme-secret"],"settings":{"accessToken":"%1$s","portalId":"123456",
            "audienceMode":"both",
            "eventMappings":{"Order Completed":{"name":"pe123456_order_completed","properties":{"revenue":"amount"}},
                             "Signed Up":{"name":"pe123456_never_defined"}},
            "emailEvents":{"enabled":true,"pollIntervalSeconds":86400,
              "sink":{"type":"segment","url":"http://127.0.0.1:9","writeKey":"%2$s"}}}},
          {"id":"other","writeKeys":["wk-other-secret"],"settings":{"accessToken":"%1$s","portalId":"999999",
            "enableEuropeanDataCenter":true,"userIdProperty":"crm_user_key"}},
          {"id":"test","writeKeys":["wk-test-secret"],"settings":{"portalId":"654321"}}]}"""
        .formatted(FakeHubSpot.DEFAULT_TOKEN, SINK_KEY));
  }

  @AfterAll
  void stop() {
    server.close();
    fake.close();
  }

  // ------------------------------------------------------------------ who may

  @Test
  void withoutCredentialsThePageIsTheSignInFormAndTheApiIsRefused() {
    HttpResponse<String> page = get("/console");
    assertThat(page.statusCode()).isEqualTo(401);
    assertThat(page.body()).contains("action=\"/console/sign-in\"").contains("name=\"token\"").doesNotContain("data-testid=\"message-search\"");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'")
        .contains("frame-ancestors 'none'");
    for (String path : List.of("/console/api/overview", "/console/api/destinations/acme/setup", "/console/api/messages/x")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(tree(r.body()).path("error").path("code").asText()).isEqualTo("SIGN_IN_REQUIRED");
    }
    assertThat(get("/console/api/overview", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(post("/console/api/destinations/acme/validate", "{}", "Content-Type", "application/json").statusCode()).isEqualTo(401);
  }

  @Test
  void aBearerAdminTokenOpensTheApiAndNeedsNoCsrfToken() {
    assertThat(get("/console/api/overview", bearer()).statusCode()).isEqualTo(200);
    HttpResponse<String> tested = post("/console/api/destinations/test/validate", identify("t-0", "a@example.com"), bearer());
    assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
  }

  @Test
  void signingInWithTheRightTokenGivesASessionCookieThatIsNotTheTokenAndPostsNeedTheCsrfToken() {
    HttpResponse<String> refused = signIn("not-the-token");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("Sign-in refused").doesNotContain("not-the-token");
    assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();

    HttpResponse<String> ok = signIn(ADMIN, "/console?messageId=m-9");
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).hasValue("/console?messageId=m-9");
    String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith(ConsoleSessions.COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
        .contains("Path=/console").contains("Max-Age=28800").doesNotContain(ADMIN);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    HttpResponse<String> page = get("/console", "Cookie", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("data-testid=\"message-search\"").contains("data-testid=\"tester-input\"")
        .doesNotContain(ADMIN);
    String csrf = csrfOf(page.body());
    assertThat(get("/console/api/overview", "Cookie", cookie).statusCode()).isEqualTo(200);

    String validate = "/console/api/destinations/test/validate";
    HttpResponse<String> noCsrf = post(validate, identify("t-1", "a@example.com"), "Cookie", cookie);
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(tree(noCsrf.body()).path("error").path("code").asText()).isEqualTo("CSRF_TOKEN_MISSING");
    assertThat(post(validate, identify("t-1", "a@example.com"), "Cookie", cookie, "X-Console-Csrf", "forged").statusCode())
        .isEqualTo(403);
    assertThat(post(validate, identify("t-1", "a@example.com"), "Cookie", cookie, "X-Console-Csrf", csrf).statusCode())
        .isEqualTo(200);

    HttpResponse<String> out = post("/console/sign-out", "csrf=" + csrf, "Cookie", cookie,
        "Content-Type", "application/x-www-form-urlencoded");
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(get("/console/api/overview", "Cookie", cookie).statusCode()).as("signed out at once").isEqualTo(401);
  }

  @Test
  void aForgedOrTamperedCookieIsNoSession() {
    String cookie = signInCookie();
    String value = cookie.substring(cookie.indexOf('=') + 1);
    String[] parts = value.split("\\.");
    String longer = parts[0] + "." + (Long.parseLong(parts[1]) + 3_600_000) + "." + parts[2];
    assertThat(get("/console/api/overview", "Cookie", ConsoleSessions.COOKIE + "=" + longer).statusCode()).isEqualTo(401);
    assertThat(get("/console/api/overview", "Cookie", ConsoleSessions.COOKIE + "=" + ADMIN).statusCode()).isEqualTo(401);
  }

  @Test
  void theSignInNeverRedirectsOffTheConsole() {
    for (String next : List.of("https://evil.example/", "//evil.example/console", "/status", "/console\\@evil")) {
      HttpResponse<String> r = signIn(ADMIN, next);
      assertThat(r.headers().firstValue("Location")).as(next).hasValue("/console");
    }
  }

  @Test
  void theAssetsAreServedWithTheChartLibraryAndItsLicence() {
    HttpResponse<String> js = get("/console/assets/console.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    assertThat(get("/console/assets/uplot/uPlot.iife.min.js").body()).startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.30) */");
    assertThat(get("/console/assets/uplot/LICENSE").body()).contains("The MIT License");
    assertThat(get("/console/assets/nothing.js").statusCode()).isEqualTo(404);
    String etag = js.headers().firstValue("ETag").orElseThrow();
    assertThat(get("/console/assets/console.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  // ------------------------------------------------------------------ what it shows

  @Test
  void theOverviewListsEveryDestinationLiveOrDryRunWithItsFeatures() {
    JsonNode o = api("/console/api/overview");
    assertThat(o.path("destinations").findValuesAsText("id")).containsExactly("acme", "other", "test");
    assertThat(o.path("destinations").findValuesAsText("mode")).containsExactly("live", "live", "dry-run");
    assertThat(o.path("destinations").get(0).path("features").toString()).contains("email events export")
        .contains("checkbox properties and static lists");
    assertThat(o.path("server").path("deliveryMode").asText()).isEqualTo("sync");
  }

  @Test
  void theSetupCheckComparesRegionScopesPortalAndSchemaWithTheSettings() {
    JsonNode s = api("/console/api/destinations/acme/setup");
    assertThat(s.path("token").path("hubId").asLong()).isEqualTo(123456);
    assertThat(s.path("account").path("dataHostingLocation").asText()).isEqualTo("eu1");
    assertThat(s.path("region").path("match").asBoolean(true)).isFalse();
    assertThat(s.path("region").path("advice").asText()).contains("eu1").contains("enableEuropeanDataCenter");
    assertThat(s.path("portal").path("match").asBoolean()).isTrue();
    assertThat(row(s.path("scopes"), "scope", "crm.lists.write").path("granted").asBoolean(true)).isFalse();
    assertThat(row(s.path("scopes"), "scope", "crm.lists.write").path("required").asBoolean()).isTrue();
    assertThat(row(s.path("scopes"), "scope", "content").path("granted").asBoolean()).as("email events").isTrue();
    assertThat(row(s.path("scopes"), "scope", "crm.objects.contacts.write").path("granted").asBoolean()).isTrue();
    assertThat(row(s.path("schema"), "name", "pe123456_order_completed").path("status").asText()).isEqualTo("ok");
    assertThat(row(s.path("schema"), "name", "pe123456_never_defined").path("status").asText()).isEqualTo("missing");
    assertThat(row(s.path("schema"), "name", "email").path("status").asText()).isEqualTo("ok");
    String problems = s.path("problems").toString();
    assertThat(problems).contains("crm.lists.read").contains("hosts this account in eu1").contains("pe123456_never_defined");
    assertThat(s.path("links").path("privateApps").asText()).isEqualTo("https://app-eu1.hubspot.com/private-apps/123456");
    assertThat(s.path("accessCheck").path("token").asText()).isEqualTo("ok");

    JsonNode other = api("/console/api/destinations/other/setup");
    assertThat(other.path("portal").path("match").asBoolean(true)).isFalse();
    assertThat(other.path("region").path("match").asBoolean()).as("EU flag on, account in eu1").isTrue();
    assertThat(other.path("problems").toString()).contains("belongs to portal 123456, but portalId is 999999");
    assertThat(row(other.path("schema"), "name", "crm_user_key").path("status").asText()).isEqualTo("missing");

    JsonNode dry = api("/console/api/destinations/test/setup");
    assertThat(dry.path("mode").asText()).isEqualTo("dry-run");
    assertThat(dry.path("note").asText()).contains("no accessToken");
  }

  @Test
  void theSetupCheckIsKeptAndAskingAgainWithinTenSecondsCostsNoCall() {
    api("/console/api/destinations/other/setup");
    long before = tokenInfoCalls();
    api("/console/api/destinations/other/setup");
    api("/console/api/destinations/other/setup?again=true");
    assertThat(tokenInfoCalls()).isEqualTo(before);
  }

  @Test
  void activityShowsBudgetDailyUsageOutcomesLatestMessagesAndSchemaMissesWithSecretsMasked() {
    String batch = "{\"batch\":[" + identify("act-1", "jane@example.com", ",\"plan\":\"pro\",\"writeKey\":\"wk-acme-secret\","
        + "\"apiKey\":\"an-api-key-in-traits\"") + "," + identify("act-2", "not-an-email") + "]}";
    HttpResponse<String> sent = server.post("/v1/batch", batch, "Authorization", basic("wk-acme-secret"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);

    JsonNode a = api("/console/api/destinations/acme/activity");
    JsonNode budget = a.path("budget");
    assertThat(budget.path("limitPer10s").asInt()).isEqualTo(100);
    assertThat(budget.path("availableNow").asInt() + budget.path("usedLast10s").asInt()).isEqualTo(100);
    assertThat(budget.path("daily").path("usageLimit").asLong()).isEqualTo(250_000);
    assertThat(budget.path("daily").path("currentUsage").asLong()).isPositive();
    assertThat(a.path("outcomes").path("minutes")).hasSize(60);
    assertThat(a.path("outcomes").path("totals").path("DROPPED").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(a.path("outcomes").path("totals").path("DELIVERED_WITH_WARNINGS").asLong()).isGreaterThanOrEqualTo(1);

    JsonNode first = row(a.path("recent"), "messageId", "act-1");
    assertThat(first.path("outcome").asText()).isEqualTo("DELIVERED_WITH_WARNINGS");
    assertThat(first.path("warnings").findValuesAsText("property")).contains("plan");
    JsonNode request = first.path("requests").get(0);
    assertThat(request.path("path").asText()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
    assertThat(request.path("correlationId").asText()).matches("[0-9a-f-]{36}");
    assertThat(first.path("message").path("traits").path("email").asText()).isEqualTo("jane@example.com");
    assertThat(first.path("message").path("traits").path("writeKey").asText()).isEqualTo(SecretMask.MASK);
    assertThat(first.path("message").path("traits").path("apiKey").asText()).isEqualTo(SecretMask.MASK);
    assertThat(a.toString()).doesNotContain("an-api-key-in-traits");
    assertThat(row(a.path("recent"), "messageId", "act-2").path("reason").asText()).isEqualTo("INVALID_EMAIL");
    assertThat(row(a.path("schemaMisses"), "name", "plan").path("reason").asText()).isEqualTo("PROPERTY_UNKNOWN");

    JsonNode dry = api("/console/api/destinations/test/activity");
    assertThat(dry.path("budget").path("live").asBoolean(true)).isFalse();
  }

  @Test
  void aDryRunEntryShowsTheBodyThatWouldHaveBeenSent() {
    server.post("/v1/identify", identify("dry-1", "dry@example.com"), "Authorization", basic("wk-test-secret"));
    JsonNode entry = row(api("/console/api/destinations/test/activity").path("recent"), "messageId", "dry-1");
    assertThat(entry.path("requests").get(0).path("body").path("inputs").get(0).path("id").asText()).isEqualTo("dry@example.com");
    assertThat(entry.path("requests").get(0).has("correlationId")).isFalse();
  }

  @Test
  void aLookupByMessageIdFindsTheReceiptAndTheLatestEntryInWhicheverDestinationHasIt() {
    server.post("/v1/identify", identify("look-1", "look@example.com"), "Authorization", basic("wk-acme-secret"));
    JsonNode found = api("/console/api/messages/look-1");
    assertThat(found.path("found")).hasSize(1);
    JsonNode f = found.path("found").get(0);
    assertThat(f.path("destination").asText()).isEqualTo("acme");
    assertThat(f.path("receipt").path("outcome").asText()).isEqualTo("DELIVERED");
    assertThat(f.path("receipt").path("attempts").asInt()).isEqualTo(1);
    assertThat(f.path("recent").path("requests").get(0).path("method").asText()).isEqualTo("POST");

    HttpResponse<String> missing = get("/console/api/messages/" + URLEncoder.encode("no such/id", StandardCharsets.UTF_8), bearer());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(tree(missing.body()).path("error").path("code").asText()).isEqualTo("MESSAGE_NOT_FOUND");
  }

  @Test
  void theTesterAnswersAsValidateDoesForABatchOrOneMessageAndWritesNothing() {
    long writes = fake.calls().stream().filter(c -> c.method().equals("POST") && c.path().startsWith("/crm")).count();
    HttpResponse<String> one = post("/console/api/destinations/acme/validate", identify("v-1", "val@example.com", ",\"plan\":\"x\""), bearer());
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    JsonNode r = tree(one.body()).path("results").get(0);
    assertThat(r.path("outcome").asText()).isEqualTo("DELIVERED_WITH_WARNINGS");
    assertThat(r.path("requests").get(0).path("body").path("inputs").get(0).path("id").asText()).isEqualTo("val@example.com");

    HttpResponse<String> batch = post("/console/api/destinations/acme/validate",
        "{\"batch\":[" + identify("v-2", "b@example.com") + ",{\"messageId\":\"v-3\"}]}", bearer());
    assertThat(batch.statusCode()).as("one message without a type").isEqualTo(400);
    assertThat(tree(batch.body()).path("results")).hasSize(2);
    assertThat(tree(batch.body()).path("results").get(1).path("reason").asText()).isEqualTo("MISSING_TYPE");

    HttpResponse<String> bad = post("/console/api/destinations/acme/validate", "{not json", bearer());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(tree(bad.body()).path("error").path("code").asText()).isEqualTo("INVALID_JSON");
    assertThat(post("/console/api/destinations/nope/validate", "{}", bearer()).statusCode()).isEqualTo(404);

    long after = fake.calls().stream().filter(c -> c.method().equals("POST") && c.path().startsWith("/crm")).count();
    assertThat(after).as("the tester writes nothing").isEqualTo(writes);
    assertThat(api("/console/api/messages/v-1") == null).isTrue();
  }

  @Test
  void deadLettersAreNotAvailableInSyncMode() {
    JsonNode d = api("/console/api/destinations/acme/dead-letters");
    assertThat(d.path("available").asBoolean(true)).isFalse();
    assertThat(d.path("note").asText()).contains("durable delivery");
    HttpResponse<String> replay = post("/console/api/destinations/acme/dead-letters/replay", "", bearer());
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(tree(replay.body()).path("available").asBoolean(true)).isFalse();
  }

  @Test
  void reportsShowTheStatusSectionsOfEachDestination() {
    JsonNode r = api("/console/api/destinations/acme/reports");
    assertThat(r.path("sections").path("emailEvents").path("enabled").asBoolean()).isTrue();
    assertThat(r.path("sections").path("emailEvents").path("sink").path("type").asText()).isEqualTo("segment");
    assertThat(r.path("sections").path("warehouse").path("enabled").asBoolean(true)).isFalse();
    assertThat(r.path("status").path("accessCheck").path("token").asText()).isEqualTo("ok");
    assertThat(api("/console/api/destinations/nope/reports") == null).isTrue();
  }

  // ------------------------------------------------------------------ helpers

  private long tokenInfoCalls() {
    return fake.calls().stream().filter(c -> c.path().equals("/oauth/v2/private-apps/get/access-token-info")).count();
  }

  private static JsonNode row(JsonNode array, String field, String value) {
    for (JsonNode n : array) if (value.equals(n.path(field).asText())) return n;
    throw new AssertionError("no row with " + field + " = " + value + " in " + array);
  }

  static String identify(String id, String email) {
    return identify(id, email, "");
  }

  static String identify(String id, String email, String moreTraits) {
    return "{\"type\":\"identify\",\"messageId\":\"" + id + "\",\"userId\":\"u-" + id + "\",\"traits\":{\"email\":\"" + email
        + "\"" + moreTraits + "}}";
  }

  private static String[] bearer() {
    return new String[] {"Authorization", "Bearer " + ADMIN};
  }

  /** The API's JSON for an admin, or null when it answered 404. */
  private JsonNode api(String path) {
    HttpResponse<String> r = get(path, bearer());
    if (r.statusCode() == 404) return null;
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    return tree(r.body());
  }

  private HttpResponse<String> signIn(String token) {
    return signIn(token, "/console");
  }

  private HttpResponse<String> signIn(String token, String next) {
    return post("/console/sign-in", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&next="
        + URLEncoder.encode(next, StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded");
  }

  private String signInCookie() {
    String setCookie = signIn(ADMIN).headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  static String csrfOf(String page) {
    Matcher m = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">").matcher(page);
    assertThat(m.find()).as("the page carries its CSRF token").isTrue();
    return m.group(1);
  }

  private HttpResponse<String> get(String path, String... headers) {
    return checked(server.get(path, headers));
  }

  private HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) b.headers(headers);
    return checked(server.send(b.build()));
  }

  /** No answer of the console carries a secret of the configuration, in its body or its headers. */
  private static HttpResponse<String> checked(HttpResponse<String> r) {
    List<String> seen = new ArrayList<>();
    seen.add(r.body());
    r.headers().map().forEach((k, v) -> seen.add(k + ": " + v));
    for (String s : seen) {
      for (String secret : SECRETS) assertThat(s).as("a secret in " + r.uri()).doesNotContain(secret);
    }
    return r;
  }
}
