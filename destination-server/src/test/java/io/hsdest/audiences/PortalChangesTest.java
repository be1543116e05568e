package io.hsdest.audiences;

import static io.hsdest.testkit.Json.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list ids kept in the data directory are hints: a portal reset under them, or another portal's token with the
 * same data directory, never makes a sync write into a list it did not make for that portal.
 */
class PortalChangesTest {

  private static String body(List<String> emails) {
    return "{\"members\":" + AudienceHarness.members("email", emails) + "}";
  }

  @Test
  void aPortalResetUnderTheSameDataDirectoryIsFollowed() {
    try (AudienceHarness h = new AudienceHarness("")) {
      List<String> members = List.of("r1@example.com", "r2@example.com");
      JsonNode first = tree(h.snapshot("reset", body(members)).body());

      // the portal is wiped while the server runs
      h.fake.reset();
      JsonNode again = tree(h.snapshot("reset", body(members)).body());
      assertThat(again.path("listRecreated").asBoolean()).isTrue();
      assertThat(again.path("createdContacts").asInt()).isEqualTo(2);
      assertThat(h.members("cdp_reset")).isEqualTo(h.idsOf(members));

      // wiped again while the server is down, and another list takes the bound id: a restart must not use it
      h.server.close();
      h.fake.reset();
      h.fake.portal().createList("Someone else's list", "MANUAL", List.of());
      assertThat(h.fake.portal().list("Someone else's list").orElseThrow().listId()).isEqualTo(first.path("listId").asText());
      h.server = h.start("", h.server.dataDir());
      JsonNode afterRestart = tree(h.snapshot("reset", body(members)).body());
      assertThat(afterRestart.path("listRecreated").asBoolean()).isTrue();
      assertThat(afterRestart.path("listId").asText()).isNotEqualTo(first.path("listId").asText());
      assertThat(h.members("Someone else's list")).isEmpty();
      assertThat(h.members("cdp_reset")).isEqualTo(h.idsOf(members));
    }
  }

  @Test
  void anotherPortalsTokenWithTheSameDataDirectoryNeverUsesThisPortalsLists() {
    try (AudienceHarness h = new AudienceHarness("")) {
      List<String> members = List.of("p1@example.com");
      String listId = tree(h.snapshot("swap", body(members)).body()).path("listId").asText();
      h.fake.addPortal("pat-na1-OTHER", 999);
      java.nio.file.Path dir = h.server.dataDir();
      h.server.close();
      h.server = h.startWith("{\"accessToken\":\"pat-na1-OTHER\",\"portalId\":\"999\",\"requestsPer10Seconds\":1000}", dir);
      JsonNode other = tree(h.snapshot("swap", body(List.of("p2@example.com"))).body());
      assertThat(other.path("listRecreated").isMissingNode()).isTrue();
      assertThat(h.fake.portal(999).list("cdp_swap").orElseThrow().listId()).isEqualTo(other.path("listId").asText());
      assertThat(h.fake.portal(999).list("cdp_swap").orElseThrow().memberIds()).hasSize(1);
      assertThat(h.fake.portal().list("cdp_swap").orElseThrow().listId()).isEqualTo(listId);
      assertThat(h.members("cdp_swap")).isEqualTo(h.idsOf(members));
    }
  }
}
