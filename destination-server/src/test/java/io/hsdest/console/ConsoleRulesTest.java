package io.hsdest.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.CallRecord;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.ingest.TestMessages;
import io.hsdest.ingest.message.Message;
import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.testkit.TestSettings;
import io.vertx.core.net.HostAndPort;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The console's rules, each on its own, with time as a parameter. */
class ConsoleRulesTest {
  private static final long T0 = 1_796_184_000_000L; // a minute boundary

  private static Message identify(String id) {
    return TestMessages.parse("{\"type\":\"identify\",\"messageId\":\"" + id + "\",\"userId\":\"u-" + id
        + "\",\"traits\":{\"email\":\"" + id + "@example.com\",\"password\":\"hunter2\",\"nested\":{\"apiKey\":\"k-123\"}}}");
  }

  private static MessageResult delivered(String id, Warning... warnings) {
    return new MessageResult(id, "identify", warnings.length > 0 ? Outcome.DELIVERED_WITH_WARNINGS : Outcome.DELIVERED, null, null,
        List.of(warnings), List.of(new CallRecord("POST", "/crm/v3/objects/contacts/batch/upsert", "c-1", null)), null);
  }

  private static MessageResult dropped(String id, Reason reason, String detail) {
    return new MessageResult(id, "identify", Outcome.DROPPED, reason, detail, List.of(), List.of(), null);
  }

  private static MessageResult notFinal(String id) {
    return new MessageResult(id, "identify", null, null, null, List.of(), List.of(),
        new Pending(Pending.Kind.UNAVAILABLE, 5_000, "HubSpot is down"));
  }

  @Nested
  class Outcomes {
    @Test
    void countsEachOutcomePerMinuteAndForgetsAMinuteWhenItsSlotComesRoundAgain() {
      OutcomeTimeline t = new OutcomeTimeline(60);
      t.add(T0 + 5_000, new int[] {2, 1, 0, 0, 0, 0});
      t.add(T0 + 59_000, new int[] {1, 0, 0, 3, 0, 0});
      t.add(T0 + 60_000, new int[] {0, 0, 0, 0, 4, 0});
      Map<String, Object> s = t.snapshot(T0 + 60_000);
      List<?> minutes = (List<?>) s.get("minutes");
      assertThat(minutes).hasSize(60);
      assertThat(minutes.get(59)).isEqualTo((T0 + 60_000) / 1000);
      assertThat(series(s, "DELIVERED").subList(58, 60)).containsExactly(3L, 0L);
      assertThat(series(s, "DROPPED").get(58)).isEqualTo(3L);
      assertThat(series(s, "RETRY_LATER").get(59)).isEqualTo(4L);
      assertThat(((Map<?, ?>) s.get("totals")).get("DELIVERED")).isEqualTo(3L);

      // an hour later the first minute's slot is reused: its old counts are gone, not added to
      t.add(T0 + 3_600_000, new int[] {1, 0, 0, 0, 0, 0});
      Map<String, Object> later = t.snapshot(T0 + 3_600_000);
      assertThat(((Map<?, ?>) later.get("totals")).get("DELIVERED")).isEqualTo(1L);
      assertThat(((Map<?, ?>) later.get("totals")).get("RETRY_LATER")).as("the minute after T0 is over an hour old").isEqualTo(4L);
      assertThat(((Map<?, ?>) t.snapshot(T0 + 2 * 3_600_000).get("totals")).get("DELIVERED")).isEqualTo(0L);
    }

    @SuppressWarnings("unchecked")
    private List<Long> series(Map<String, Object> s, String outcome) {
      return (List<Long>) ((Map<String, Object>) s.get("series")).get(outcome);
    }
  }

  @Nested
  class LatestMessages {
    @Test
    void theRingKeepsTheNewestOnlyNewestFirstAndFindsById() {
      RecentMessages ring = new RecentMessages(3);
      for (int i = 1; i <= 5; i++) ring.add(new RecentMessages.Entry(T0 + i, identify("m-" + i), delivered("m-" + i)));
      assertThat(ring.newestFirst(10)).extracting(e -> e.message().messageId()).containsExactly("m-5", "m-4", "m-3");
      assertThat(ring.newestFirst(2)).hasSize(2);
      assertThat(ring.find("m-4")).isNotNull();
      assertThat(ring.find("m-1")).as("pushed out").isNull();
      assertThat(ring.total()).isEqualTo(5);
    }

    @Test
    void aDeliveredRequestFeedsTheRingTheChartAndTheSchemaMisses() {
      AtomicLong now = new AtomicLong(T0);
      MessageLog log = new MessageLog(now::get);
      log.delivered(List.of(identify("a"), identify("b"), identify("c")), List.of(
          delivered("a", Warning.of(Reason.PROPERTY_UNKNOWN, "plan", "no HubSpot property named plan")),
          dropped("b", Reason.INVALID_EMAIL, "not an email"), notFinal("c")));
      log.delivered(List.of(identify("d")), List.of(delivered("d", Warning.of(Reason.PROPERTY_UNKNOWN, "plan", "again"))));
      assertThat(log.recent.newestFirst(10)).extracting(e -> e.message().messageId()).containsExactly("d", "c", "b", "a");
      Map<?, ?> totals = (Map<?, ?>) log.outcomes.snapshot(now.get()).get("totals");
      assertThat(totals.get("DELIVERED_WITH_WARNINGS")).isEqualTo(2L);
      assertThat(totals.get("DROPPED")).isEqualTo(1L);
      assertThat(totals.get("RETRY_LATER")).isEqualTo(1L);
      List<Map<String, Object>> misses = log.misses.snapshot(10);
      assertThat(misses).hasSize(1);
      assertThat(misses.get(0)).containsEntry("reason", "PROPERTY_UNKNOWN").containsEntry("name", "plan").containsEntry("count", 2L);
    }

    @Test
    void aMessageIsShownWithItsRequestsAndWithCredentialsInItsTraitsMasked() {
      SecretMask mask = new SecretMask(List.of());
      Map<String, Object> view = MessageView.of(new RecentMessages.Entry(T0, identify("a"),
          dropped("a", Reason.EMAIL_CONFLICT, "the email a@example.com belongs to HubSpot contact 4711")),
          HubSpotLinks.of("app-eu1.hubspot.com", "123456"), mask);
      JsonNode v = JsonBodies.MAPPER.valueToTree(view);
      assertThat(v.path("outcome").asText()).isEqualTo("DROPPED");
      assertThat(v.path("message").path("traits").path("email").asText()).isEqualTo("a@example.com");
      assertThat(v.path("message").path("traits").path("password").asText()).isEqualTo(SecretMask.MASK);
      assertThat(v.path("message").path("traits").path("nested").path("apiKey").asText()).isEqualTo(SecretMask.MASK);
      assertThat(v.toString()).doesNotContain("hunter2").doesNotContain("k-123");
      assertThat(v.path("links").get(0).path("url").asText()).isEqualTo("https://app-eu1.hubspot.com/contacts/123456/record/0-1/4711");
      JsonNode pending = JsonBodies.MAPPER.valueToTree(MessageView.of(new RecentMessages.Entry(T0, identify("c"), notFinal("c")), null, mask));
      assertThat(pending.path("outcome").asText()).isEqualTo("RETRY_LATER");
      assertThat(pending.path("detail").asText()).isEqualTo("HubSpot is down");
    }
  }

  @Nested
  class Masking {
    private final SecretMask mask = new SecretMask(List.of("wk-live-123", "pat-na1-abc", "s3cr3t-password", "x"));

    @Test
    void everyKnownSecretAndAnythingShapedLikeATokenIsMaskedWhereverItIs() {
      assertThat(mask.text("refused wk-live-123 and pat-na1-abc")).isEqualTo("refused •••••• and ••••••");
      assertThat(mask.text("Authorization: Bearer abcdef123456 sent")).doesNotContain("abcdef123456");
      assertThat(mask.text("a token pat-eu1-1234abcd-ffff was named")).doesNotContain("pat-eu1-1234abcd-ffff");
      assertThat(mask.text("x marks the spot")).as("secrets shorter than 3 characters are not looked for").isEqualTo("x marks the spot");
      Object tree = mask.tree(Map.of("list", List.of("a s3cr3t-password b"), "token", "ok"));
      assertThat(tree.toString()).doesNotContain("s3cr3t-password").contains("token=ok");
    }

    @Test
    void theConfigurationsSecretsAreTheOnesLookedFor() throws Exception {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("console-mask", ".json");
      java.nio.file.Files.writeString(file, """
          {"server":{"adminToken":"admin-tok-1","kafka":{"bootstrapServers":"k:9092",
             "clientProperties":{"security.protocol":"SASL_SSL","sasl.jaas.config":"jaas-secret-2"}}},
           "destinations":[{"id":"a","writeKeys":["wk-secret-3"],"settings":{"accessToken":"pat-na1-secret-4","portalId":"1",
             "emailEvents":{"enabled":true,"sink":{"type":"amplitude","apiKey":"amp-secret-5"}},
             "warehouse":{"enabled":true,"jdbcUrl":"jdbc:postgresql://db/x","user":"loader","password":"pw-secret-6"}}}]}""");
      var config = new io.hsdest.config.ConfigLoader(io.hsdest.settings.SettingsSchema.load())
          .load(List.of("--config", file.toString()), Map.of());
      SecretMask fromConfig = SecretMask.of(config);
      String text = "admin-tok-1 jaas-secret-2 wk-secret-3 pat-na1-secret-4 amp-secret-5 pw-secret-6 SASL_SSL loader";
      assertThat(fromConfig.text(text)).isEqualTo("•••••• •••••• •••••• •••••• •••••• •••••• SASL_SSL loader");
      java.nio.file.Files.delete(file);
    }

    @Test
    void inDataFromOutsideTheValueOfACredentialNamedKeyIsMaskedToo() {
      Object data = mask.data(Map.of("traits", Map.of("writeKey", "anything", "api_key", "k", "Password", 42, "name", "Jane",
          "optIn", true)));
      assertThat(data.toString()).doesNotContain("anything").doesNotContain("=k,").doesNotContain("42").contains("name=Jane")
          .contains("optIn=true");
      JsonNode json = JsonBodies.MAPPER.createObjectNode().put("accessToken", "zzz");
      assertThat(mask.data(json).toString()).doesNotContain("zzz");
    }
  }

  @Nested
  class Sessions {
    private final AtomicLong now = new AtomicLong(T0);
    private final ConsoleSessions sessions = new ConsoleSessions(3_600_000, now::get);

    @Test
    void aSessionProvesItselfUntilItExpiresOrIsRevoked() {
      String cookie = sessions.issue();
      ConsoleSessions.Session s = sessions.verify(cookie);
      assertThat(s).isNotNull();
      assertThat(sessions.csrfMatches(s, sessions.csrf(s))).isTrue();
      assertThat(sessions.csrfMatches(s, "forged")).isFalse();
      assertThat(sessions.csrfMatches(null, sessions.csrf(s))).isFalse();
      now.addAndGet(3_600_000);
      assertThat(sessions.verify(cookie)).as("expired").isNull();

      String other = sessions.issue();
      sessions.revoke(sessions.verify(other));
      assertThat(sessions.verify(other)).as("revoked").isNull();
    }

    @Test
    void aTamperedForgedOrAnotherServersCookieProvesNothing() {
      String cookie = sessions.issue();
      String[] p = cookie.split("\\.");
      assertThat(sessions.verify(p[0] + "." + (Long.parseLong(p[1]) + 1) + "." + p[2])).isNull();
      assertThat(sessions.verify("x" + cookie.substring(1))).isNull();
      assertThat(sessions.verify("garbage")).isNull();
      assertThat(sessions.verify(null)).isNull();
      assertThat(new ConsoleSessions(3_600_000, now::get).verify(cookie)).as("a key per server start").isNull();
    }
  }

  @Nested
  class Region {
    private JsonNode settings(String json) {
      return TestSettings.s0(json).raw();
    }

    @Test
    void theSettingsRegionIsComparedWithWhereHubSpotHostsTheAccount() {
      assertThat(RegionCheck.of(settings("{}"), "na1").get("match")).isEqualTo(true);
      assertThat(RegionCheck.of(settings("{\"enableEuropeanDataCenter\":true}"), "eu1").get("match")).isEqualTo(true);
      assertThat(RegionCheck.of(settings("{\"hublet\":\"na2\"}"), "na2").get("match")).isEqualTo(true);
      Map<String, Object> euAccount = RegionCheck.of(settings("{}"), "eu1");
      assertThat(euAccount.get("match")).isEqualTo(false);
      assertThat((String) euAccount.get("advice")).contains("Set enableEuropeanDataCenter to true");
      assertThat((String) RegionCheck.of(settings("{\"hublet\":\"eu1\"}"), "na1").get("advice")).contains("Clear hublet");
      assertThat((String) RegionCheck.of(settings("{\"enableEuropeanDataCenter\":true}"), "na1").get("advice"))
          .contains("Set enableEuropeanDataCenter to false");
      assertThat((String) RegionCheck.of(settings("{}"), "ap1").get("advice")).contains("Set hublet to \"ap1\"");
      assertThat(RegionCheck.of(settings("{\"hublet\":\"eu1\",\"enableEuropeanDataCenter\":false}"), "eu1").get("match"))
          .as("hublet wins").isEqualTo(true);
      assertThat(RegionCheck.of(settings("{}"), null).get("match")).isNull();
    }
  }

  @Nested
  class Scopes {
    private List<String> required(String json) {
      return ScopeNeeds.of(TestSettings.s0(json)).stream().filter(ScopeNeeds.Need::required).map(ScopeNeeds.Need::scope).toList();
    }

    @Test
    void theFeaturesSwitchedOnSayWhichScopesTheTokenNeeds() {
      assertThat(required("{}")).contains("crm.objects.contacts.write", "analytics.behavioral_events.send")
          .doesNotContain("crm.lists.write", "content", "crm.schemas.contacts.write");
      assertThat(required("{\"audienceMode\":\"list\"}")).contains("crm.lists.read", "crm.lists.write");
      assertThat(required("{\"unknownPropertyPolicy\":\"create\"}")).contains("crm.schemas.contacts.write");
      assertThat(required("{\"emailEvents\":{\"enabled\":true,\"sink\":{\"type\":\"segment\",\"url\":\"http://x\",\"writeKey\":\"k\"}}}"))
          .contains("content");
      assertThat(required("{\"warehouse\":{\"enabled\":true,\"collections\":[\"deals\",\"contact_lists\"]}}"))
          .contains("crm.objects.deals.read", "crm.schemas.deals.read", "crm.lists.read").doesNotContain("content");
      List<Map<String, Object>> rows = ScopeNeeds.compare(ScopeNeeds.of(TestSettings.s0("{}")), List.of("crm.objects.contacts.write"));
      assertThat(rows.get(0)).containsEntry("scope", "crm.objects.contacts.write").containsEntry("granted", true);
      assertThat(rows.stream().filter(r -> r.get("scope").equals("crm.objects.contacts.read")).findFirst().orElseThrow())
          .containsEntry("granted", false);
    }
  }

  @Nested
  class Links {
    @Test
    void onlyHubSpotsOwnDomainsAndOnlyRecordsNamedInTheTexts() {
      assertThat(HubSpotLinks.of("evil.example.com", "1")).isNull();
      assertThat(HubSpotLinks.of("app.hubspot.com.evil.com", "1")).isNull();
      assertThat(HubSpotLinks.of(null, "1")).isNull();
      HubSpotLinks links = HubSpotLinks.of("app.hubspot.com", "42");
      assertThat(links.records(List.of("HubSpot has no company 77 any more; contact 5 and contact 5"),
          List.of("/crm/v3/objects/contacts/9/associations", "/crm/v3/objects/contacts/batch/upsert")))
          .extracting(m -> m.get("url")).containsExactly(
              "https://app.hubspot.com/contacts/42/record/0-2/77",
              "https://app.hubspot.com/contacts/42/record/0-1/5",
              "https://app.hubspot.com/contacts/42/record/0-1/9");
      assertThat(links.privateApps()).isEqualTo("https://app.hubspot.com/private-apps/42");
    }
  }

  @Nested
  class Pages {
    @Test
    void afterSigningInOnlyAConsoleAddressOfThisServer() {
      assertThat(ConsolePages.safeNext("/console?messageId=a")).isEqualTo("/console?messageId=a");
      for (String bad : new String[] {null, "https://evil", "//evil/console", "/status", "/console\\x", "/console\r\nX: y"}) {
        assertThat(ConsolePages.safeNext(bad)).as(String.valueOf(bad)).isEqualTo("/console");
      }
      assertThat(ConsolePages.escape("<a href=\"x\">'&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    @Test
    void withoutAnAdminTokenOnlyLocalNamesAreTrusted() {
      for (String ok : new String[] {"localhost", "console.localhost", "127.0.0.1", "[::1]", "10.0.0.5"}) {
        assertThat(ConsoleAuth.localName(HostAndPort.create(ok, 8080))).as(ok).isTrue();
      }
      for (String bad : new String[] {"evil.example", "localhost.evil.example", "127.0.0.1.nip.io"}) {
        assertThat(ConsoleAuth.localName(HostAndPort.create(bad, 8080))).as(bad).isFalse();
      }
      assertThat(ConsoleAuth.localName(null)).isFalse();
    }
  }
}
