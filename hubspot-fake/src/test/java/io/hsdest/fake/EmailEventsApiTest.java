package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /email/public/v1/events}: order, time range, filters, paging with short-lived offsets, faults, seeding. */
class EmailEventsApiTest extends FakeTestBase {
  private static final String EVENTS = "/email/public/v1/events";
  private static final long T0 = 1_700_000_000_000L;

  private static List<JsonObject> seed(int count) {
    return fake.portal().addEmailEvents(new EmailTraffic(7).events(count, T0, T0 + 3_600_000));
  }

  private static List<JsonObject> page(Resp r) {
    List<JsonObject> out = new ArrayList<>();
    r.json().getJsonArray("events").forEach(e -> out.add((JsonObject) e));
    return out;
  }

  @Test
  void eventsComeNewestFirstTenByDefaultWithinAnInclusiveRange() {
    List<JsonObject> stored = seed(50);
    Resp first = get(EVENTS);
    assertThat(first.status()).isEqualTo(200);
    List<JsonObject> events = page(first);
    assertThat(events).hasSize(10);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i - 1).getLong("created")).isGreaterThanOrEqualTo(events.get(i).getLong("created"));
    }
    assertThat(first.json().getBoolean("hasMore")).isTrue();
    assertThat(first.json().getString("offset")).isNotBlank();

    long a = stored.get(10).getLong("created");
    long b = stored.get(20).getLong("created");
    List<JsonObject> range = page(get(EVENTS + "?limit=1000&startTimestamp=" + a + "&endTimestamp=" + b));
    long expected = stored.stream().filter(e -> e.getLong("created") >= a && e.getLong("created") <= b).count();
    assertThat(range).hasSize((int) expected);
    assertThat(range.get(0).getLong("created")).isEqualTo(b);
    assertThat(range.get(range.size() - 1).getLong("created")).isEqualTo(a);
    assertThat(page(get(EVENTS + "?startTimestamp=" + b + "&endTimestamp=" + a))).isEmpty();
  }

  @Test
  void pagingWithOffsetReturnsEveryEventOnceAndHasMoreEndsIt() {
    List<JsonObject> stored = seed(2500);
    Set<String> seen = new HashSet<>();
    String offset = null;
    int pages = 0;
    while (true) {
      Resp r = get(EVENTS + "?limit=1000&startTimestamp=" + T0 + "&endTimestamp=" + (T0 + 3_600_000)
          + (offset == null ? "" : "&offset=" + offset));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      pages++;
      for (JsonObject e : page(r)) {
        assertThat(seen.add(e.getLong("created") + ":" + e.getString("id"))).isTrue();
      }
      if (!r.json().getBoolean("hasMore")) {
        assertThat(r.json().containsKey("offset")).isFalse();
        break;
      }
      offset = r.json().getString("offset");
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(stored.size());
  }

  @Test
  void limitIsAtMostOneThousand() {
    seed(5);
    assertThat(get(EVENTS + "?limit=1000").status()).isEqualTo(200);
    Resp tooMany = get(EVENTS + "?limit=1001");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().getString("category")).isEqualTo("VALIDATION_ERROR");
    assertThat(get(EVENTS + "?limit=0").status()).isEqualTo(400);
  }

  @Test
  void eventTypeIsCaseSensitiveAndAnUnknownOneIsHubSpotsEnumError() {
    seed(100);
    List<JsonObject> clicks = page(get(EVENTS + "?limit=1000&eventType=CLICK"));
    assertThat(clicks).isNotEmpty().allMatch(e -> e.getString("type").equals("CLICK"));
    Resp lower = get(EVENTS + "?eventType=click");
    assertThat(lower.status()).isEqualTo(400);
    assertThat(lower.json().getString("message")).contains("com.hubspot.email.events.EventType")
        .contains("\"click\"").contains("SUPPRESSED").doesNotContain("SUPPRESSION");
    assertThat(lower.json().containsKey("category")).isFalse();
    assertThat(lower.json().getString("correlationId")).isEqualTo(lower.header("X-HubSpot-Correlation-Id"));
    assertThat(get(EVENTS + "?eventType=SUPPRESSION").status()).isEqualTo(400);
  }

  @Test
  void recipientCampaignAndFilteredEventFilters() {
    List<JsonObject> stored = seed(200);
    String recipient = stored.get(0).getString("recipient");
    assertThat(page(get(EVENTS + "?limit=1000&recipient=" + recipient.toUpperCase())))
        .isNotEmpty().allMatch(e -> recipient.equals(e.getString("recipient")));
    long campaign = stored.get(0).getLong("emailCampaignId");
    assertThat(page(get(EVENTS + "?limit=1000&campaignId=" + campaign)))
        .isNotEmpty().allMatch(e -> e.getLong("emailCampaignId") == campaign);
    int all = page(get(EVENTS + "?limit=1000")).size();
    int unfiltered = page(get(EVENTS + "?limit=1000&excludeFilteredEvents=true")).size();
    assertThat(unfiltered).isLessThan(all);
  }

  @Test
  void anExpiredOrForeignOffsetIsRefused() {
    seed(30);
    fake.configure(c -> c.withEmailEventsOffsetTtlMs(60_000));
    String offset = get(EVENTS + "?eventType=OPEN&limit=2").json().getString("offset");
    assertThat(get(EVENTS + "?eventType=OPEN&limit=5&offset=" + offset).status()).as("limit may change").isEqualTo(200);
    Resp foreign = get(EVENTS + "?eventType=CLICK&limit=2&offset=" + offset);
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.json().getString("message")).isEqualTo(EmailEventsApi.EXPIRED_OFFSET);
    assertThat(get(EVENTS + "?offset=made-up").status()).isEqualTo(400);

    fake.configure(c -> c.withEmailEventsOffsetTtlMs(0));
    String expired = get(EVENTS + "?limit=2").json().getString("offset");
    Resp r = get(EVENTS + "?limit=2&offset=" + expired);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("category")).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  void lateEventsAppearInARangeAlreadyReadOnceTheyAreVisible() {
    seed(20);
    long now = System.currentTimeMillis();
    String range = EVENTS + "?limit=1000&startTimestamp=" + T0 + "&endTimestamp=" + (T0 + 3_600_000);
    int before = page(get(range)).size();
    JsonObject late = new EmailTraffic(3).event("OPEN", "late@x.example", T0 + 5);
    fake.portal().addEmailEvents(List.of(late), now + 60_000);
    assertThat(page(get(range))).hasSize(before);
    fake.portal().addEmailEvents(List.of(late)); // the same EventId, visible now
    List<JsonObject> after = page(get(range));
    assertThat(after).hasSize(before + 1);
    assertThat(after).anyMatch(e -> "late@x.example".equals(e.getString("recipient")));
    Resp one = get(EVENTS + "/" + late.getLong("created") + "/" + late.getString("id"));
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().getString("type")).isEqualTo("OPEN");
  }

  @Test
  void trafficHasEveryTypeWithItsFieldsAndReferences() {
    List<JsonObject> stored = seed(200);
    Map<String, JsonObject> byType = new HashMap<>();
    stored.forEach(e -> byType.putIfAbsent(e.getString("type"), e));
    assertThat(byType.keySet()).containsExactlyInAnyOrder("SENT", "DROPPED", "PROCESSED", "DELIVERED", "DEFERRED",
        "BOUNCE", "OPEN", "CLICK", "PRINT", "FORWARD", "STATUSCHANGE", "SPAMREPORT", "SUPPRESSED", "UNBOUNCE");
    assertThat(byType.get("BOUNCE").getString("category")).isNotBlank();
    assertThat(byType.get("CLICK").getString("url")).startsWith("https://");
    assertThat(byType.get("OPEN").getJsonObject("browser").getString("family")).isNotBlank();
    assertThat(byType.get("OPEN").getJsonObject("location").getString("city")).isNotBlank();
    assertThat(byType.get("DEFERRED").getInteger("attempt")).isPositive();
    assertThat(byType.get("STATUSCHANGE").getJsonArray("subscriptions")).isNotEmpty();
    assertThat(byType.get("UNBOUNCE").containsKey("recipient")).isFalse();
    assertThat(byType.get("UNBOUNCE").getString("user")).contains("@");
    assertThat(byType.get("DELIVERED").getJsonObject("sentBy").getString("id")).isNotBlank();
    assertThat(stored).anyMatch(e -> e.containsKey("obsoletedBy"));
    JsonObject caused = stored.stream().filter(e -> e.containsKey("causedBy")).findFirst().orElseThrow();
    assertThat(caused.getString("dropReason")).isEqualTo("PREVIOUSLY_BOUNCED");
    assertThat(stored).anyMatch(e -> e.getString("id").equals(caused.getJsonObject("causedBy").getString("id"))
        && e.getString("type").equals("BOUNCE"));
    assertThat(stored).allMatch(e -> e.getString("type").equals("UNBOUNCE") || e.getLong("portalId") == 123456);
  }

  @Test
  void contentScopeRateLimitsAndFaultsApply() {
    seed(5);
    fake.denyScopes(TOKEN, ApiFamily.CONTENT);
    Resp denied = get(EVENTS);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().getJsonArray("errors").getJsonObject(0).getJsonObject("context")
        .getJsonArray("requiredGranularScopes")).containsExactly("content");
    fake.grantAllScopes(TOKEN);

    fake.configure(c -> c.withRateLimitPer10s(1));
    Resp counted = get(EVENTS);
    assertThat(counted.header("X-HubSpot-RateLimit-Max")).isEqualTo("1");
    Resp limited = get(EVENTS);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().getString("policyName")).isEqualTo("TEN_SECONDLY_ROLLING");
    fake.configure(FakeConfig.defaults());

    fake.configure(c -> c.withOutage(true));
    assertThat(get(EVENTS).status()).isEqualTo(503);
    fake.configure(FakeConfig.defaults());
    fake.script(ScriptedResponse.of("GET", EVENTS, 1, 502, null));
    assertThat(get(EVENTS).status()).isEqualTo(502);
    assertThat(get(EVENTS).status()).isEqualTo(200);
    assertThat(fake.stats().count("GET /email/public/v1/events")).isEqualTo(6);
  }

  @Test
  void seedingOverTheInspectionApi() {
    Resp generated = send("POST", "/__fake/email-events", new JsonObject()
        .put("generate", new JsonObject().put("count", 60).put("from", T0).put("to", T0 + 60_000).put("seed", 3))
        .put("events", new JsonArray().add(new JsonObject().put("type", "OPEN").put("recipient", "x@y.example")
            .put("created", T0 + 1))), null);
    assertThat(generated.status()).as(generated.body()).isEqualTo(200);
    assertThat(generated.json().getInteger("stored")).isEqualTo(61);
    JsonObject listed = send("GET", "/__fake/email-events?limit=5", null, null).json();
    assertThat(listed.getInteger("total")).isEqualTo(61);
    assertThat(listed.getJsonArray("events")).hasSize(5);
    Resp bad = send("POST", "/__fake/email-events", new JsonObject().put("events", new JsonArray()
        .add(new JsonObject().put("type", "OPENED").put("recipient", "x@y.example"))), null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getString("error")).contains("OPENED");
    fake.reset();
    assertThat(fake.portal().emailEvents()).isEmpty();
  }
}
