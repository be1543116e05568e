package io.hsdest.delivery;

import static io.hsdest.testkit.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.mapping.Outcome;
import io.hsdest.testkit.TestSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The adopt-by-domain search: one call answers for many new groups, within HubSpot's body limit. */
class CompanyAdoptionTest {

  @Test
  void searchesTakeAsManyGroupsAsFitHubSpotsBodyLimit() {
    String[] groups = new String[120];
    for (int i = 0; i < groups.length; i++) {
      String id = "account-" + "0123456789abcdef0123456789".substring(0, 20) + "-" + i;
      groups[i] = "{\"type\":\"group\",\"messageId\":\"g" + i + "\",\"groupId\":\"" + id + "\",\"traits\":{\"website\":\"https://www.company-number-"
          + i + ".example.com/\"}}";
    }
    try (var h = new PipelineHarness(TestSettings.s0("{\"adoptCompanyByDomain\":true,\"associateContactToCompany\":false}"))) {
      var results = h.deliver(groups);
      assertThat(results).allMatch(r -> r.outcome() == Outcome.DELIVERED);
      List<HubSpotCall> searches = h.writes().stream().filter(c -> c.path().endsWith("/companies/search")).toList();
      Set<String> searched = new HashSet<>();
      for (HubSpotCall s : searches) {
        var body = tree(s.body());
        assertThat(body.toString().length()).as("HubSpot refuses search bodies over 3,000 characters").isLessThan(3_000);
        body.path("filterGroups").get(1).path("filters").get(0).path("values").forEach(v -> searched.add(v.asText()));
      }
      assertThat(searched).hasSize(120);
      assertThat(searches.size()).as("many groups per search").isLessThanOrEqualTo(6);
      assertThat(h.writes().stream().filter(c -> c.path().endsWith("/companies/batch/upsert")).count()).isEqualTo(2);
    }
  }

  @Test
  void aGroupOnceSearchedIsNotSearchedAgainWhenResent() {
    String group = "{\"type\":\"group\",\"messageId\":\"g1\",\"groupId\":\"acme\",\"traits\":{\"website\":\"acme.example\"}}";
    try (var h = new PipelineHarness(TestSettings.s0("{\"adoptCompanyByDomain\":true,\"associateContactToCompany\":false}"))) {
      h.deliver(group);
      assertThat(h.writes()).extracting(HubSpotCall::path)
          .containsExactly("/crm/v3/objects/companies/search", "/crm/v3/objects/companies/batch/upsert");
      h.hubspot.clear();
      h.deliver(group);
      assertThat(h.writes()).extracting(HubSpotCall::path).containsExactly("/crm/v3/objects/companies/batch/upsert");
    }
  }

  /** Two requests for new companies, 300 ms apart: how many searches they take with this search linger. */
  private static long searchesForTwoRequests(long searchLingerMs) {
    var settings = TestSettings.s0("{\"adoptCompanyByDomain\":true,\"associateContactToCompany\":false}");
    var config = new io.hsdest.delivery.run.Engine.Config(16, 100_000, 60_000, 3_600_000L, searchLingerMs);
    try (var h = new PipelineHarness(settings, new io.hsdest.testkit.ScriptedHubSpot(), config)) {
      var first = h.delivery.pipeline().deliver(PipelineHarness.parse(
          "{\"type\":\"group\",\"messageId\":\"g1\",\"groupId\":\"acme\",\"traits\":{\"website\":\"acme.example\"}}"), 10_000);
      h.time.advance(300);
      var second = h.delivery.pipeline().deliver(PipelineHarness.parse(
          "{\"type\":\"group\",\"messageId\":\"g2\",\"groupId\":\"globex\",\"traits\":{\"website\":\"globex.example\"}}"), 10_000);
      assertThat(h.await(first, 20_000)).allMatch(r -> r.outcome() == Outcome.DELIVERED);
      assertThat(h.await(second, 20_000)).allMatch(r -> r.outcome() == Outcome.DELIVERED);
      return h.writes().stream().filter(c -> c.path().endsWith("/companies/search")).count();
    }
  }

  @Test
  void durableModesSearchWaitsToFillWhileSyncModesGoesAtOnce() {
    assertThat(searchesForTwoRequests(0)).as("sync mode: a client waits").isEqualTo(2);
    assertThat(searchesForTwoRequests(500)).as("durable mode: one search for both").isEqualTo(1);
  }
}
