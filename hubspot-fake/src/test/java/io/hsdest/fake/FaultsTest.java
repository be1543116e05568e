package io.hsdest.fake;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Injected faults: 5xx, 429, 423, 477, hangs, outage, latency, scripts, seeded repeatability. */
class FaultsTest extends FakeTestBase {
  private static final String UPSERT = "/crm/v3/objects/contacts/batch/upsert";

  private static Resp upsert(String email) {
    return post(UPSERT, inputs(upsertInput(email, props("firstname", "F"))));
  }

  @Test
  void serverErrorsAreAMixOf5xxWithHubSpotLikeBodiesAndWriteNothing() {
    fake.configure(c -> c.withErrorRate(1.0));
    Set<Integer> statuses = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      Resp r = upsert("e" + i + "@x.com");
      statuses.add(r.status());
      assertThat(r.json().getString("status")).isEqualTo("error");
      assertThat(r.json().getString("correlationId")).isEqualTo(r.header("X-HubSpot-Correlation-Id"));
    }
    assertThat(statuses).isSubsetOf(500, 502, 503, 504).hasSizeGreaterThan(1);
    assertThat(fake.portal().contacts()).isEmpty();
    assertThat(fake.stats().serverErrors()).isEqualTo(20);
  }

  @Test
  void applyWritesOnFaultLosesTheAnswerButKeepsTheWrite() {
    fake.configure(c -> c.withErrorRate(1.0).with(new JsonObject().put("applyWritesOnFault", true)));
    assertThat(upsert("kept@x.com").status()).isGreaterThanOrEqualTo(500);
    assertThat(fake.contactBy("email", "kept@x.com")).isPresent();
  }

  @Test
  void random429IsTenSecondlyRollingWithOptionalRetryAfter() {
    fake.configure(c -> c.withRate429(1.0));
    Resp r = upsert("a@x.com");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.json().getString("policyName")).isEqualTo("TEN_SECONDLY_ROLLING");
    assertThat(r.header("Retry-After")).isNull();
    fake.configure(c -> c.with(new JsonObject().put("retryAfter429Seconds", 3)));
    assertThat(upsert("a@x.com").header("Retry-After")).isEqualTo("3");
    assertThat(fake.tooManyRequestsSent()).isEqualTo(2);
    assertThat(fake.portal().contacts()).isEmpty();
  }

  @Test
  void lockedAndMigrationInProgress() {
    fake.configure(c -> c.with(new JsonObject().put("lockedRate", 1.0)));
    Resp locked = upsert("a@x.com");
    assertThat(locked.status()).isEqualTo(423);
    assertThat(locked.json().getString("status")).isEqualTo("error");
    fake.configure(c -> c.with(new JsonObject().put("lockedRate", 0.0).put("migrationRate", 1.0)));
    Resp migrating = upsert("a@x.com");
    assertThat(migrating.status()).isEqualTo(477);
    assertThat(migrating.header("Retry-After")).isEqualTo("60");
  }

  @Test
  void outageSwitchAnswers503ForEverythingUntilTurnedOff() {
    fake.configure(c -> c.withOutage(true));
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(503);
    assertThat(send("GET", "/crm/v3/objects/contacts?limit=1", null, null).status()).isEqualTo(503);
    fake.configure(c -> c.withOutage(false));
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(200);
  }

  @Test
  void hangNeverAnswersSoTheClientTimesOutAndNothingIsWritten() {
    fake.configure(c -> c.withHangRate(1.0));
    assertThatThrownBy(() -> send("POST", UPSERT, inputs(upsertInput("h@x.com", new JsonObject())), TOKEN,
        Duration.ofMillis(300))).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(fake.contactBy("email", "h@x.com")).isEmpty();
    assertThat(fake.stats().hung()).isEqualTo(1);
  }

  @Test
  void hangWithADelayAnswersLate() {
    fake.configure(c -> c.withHangRate(1.0).with(new JsonObject().put("hangDelayMs", 300)));
    long t0 = System.nanoTime();
    assertThat(upsert("late@x.com").status()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(290);
  }

  @Test
  void latencyAndJitterDelayEveryAnswer() {
    fake.configure(c -> c.withLatency(150, 50));
    long t0 = System.nanoTime();
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(140L, 2_000L);
  }

  @Test
  void scriptAnswersTheNextNMatchingCallsThenGetsOutOfTheWay() {
    fake.script(ScriptedResponse.of("POST", UPSERT, 2, 502, Map.of("X-Test", "yes"),
        "{\"status\":\"error\",\"message\":\"Bad Gateway\",\"correlationId\":\"{{correlationId}}\"}"));
    Resp first = upsert("s@x.com");
    assertThat(first.status()).isEqualTo(502);
    assertThat(first.header("X-Test")).isEqualTo("yes");
    assertThat(first.json().getString("correlationId")).isEqualTo(first.header("X-HubSpot-Correlation-Id"));
    assertThat(upsert("s@x.com").status()).isEqualTo(502);
    assertThat(fake.portal().contacts()).isEmpty();
    assertThat(upsert("s@x.com").status()).isEqualTo(200);
    assertThat(get("/crm/v3/objects/contacts?limit=1").status()).as("other routes unaffected").isEqualTo(200);
  }

  @Test
  void scriptPathsMayUseWildcardsAndHang() {
    fake.script(ScriptedResponse.of("*", "/crm/v3/objects/*/batch/*", 1, 429,
        "{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\","
            + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}"));
    assertThat(post("/crm/v3/objects/companies/batch/read", inputs()).status()).isEqualTo(429);
    assertThat(fake.tooManyRequestsSent()).isEqualTo(1);
    fake.script(ScriptedResponse.hang("GET", "/crm/v3/objects/contacts", 1));
    assertThatThrownBy(() -> send("GET", "/crm/v3/objects/contacts", null, TOKEN, Duration.ofMillis(200)))
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(get("/crm/v3/objects/contacts").status()).isEqualTo(200);
  }

  @Test
  void theSameSeedGivesTheSameFaults() {
    fake.configure(c -> c.withErrorRate(0.5).withSeed(99));
    List<Integer> first = statuses();
    fake.reset();
    List<Integer> second = statuses();
    assertThat(second).isEqualTo(first);
    assertThat(first).contains(200);
  }

  private static List<Integer> statuses() {
    List<Integer> s = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      s.add(get("/crm/v3/objects/contacts?limit=1").status());
    }
    return s;
  }
}
