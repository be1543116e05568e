package io.hsdest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndStateTest {
  private static JsonNode state(String contactId, String seats, String companyId, String eventEmail) throws Exception {
    return Workload.JSON.readTree("""
        {"contacts":[{"id":"%s","properties":{"email":"a@x.example","seats":"%s","hs_object_id":"%s","createdate":"t"}}],
         "companies":[{"id":"%s","properties":{"segment_group_id":"g1","name":"G"}}],
         "associations":[{"fromType":"contacts","fromId":"%s","toType":"companies","toId":"%s","typeIds":[279]},
                         {"fromType":"companies","fromId":"%s","toType":"contacts","toId":"%s","typeIds":[280]}],
         "eventOccurrences":[{"id":"u1","eventType":"pe1_x","occurredAt":"2026-01-01T00:00:00.000Z","objectId":"%s",
                              "email":%s,"properties":{"a":"1"}}],
         "eventOccurrenceCount":1}
        """.formatted(contactId, seats, contactId, companyId, contactId, companyId, companyId, contactId, contactId,
        eventEmail == null ? "null" : "\"" + eventEmail + "\""));
  }

  @Test
  void equalByContentWhateverTheIds() throws Exception {
    EndState a = EndState.of(state("501", "3", "9001", "a@x.example"));
    EndState b = EndState.of(state("777", "3", "9555", null)); // event found by objectId instead of email
    assertEquals(List.of(), b.diff(a, 10));
    assertEquals(1, a.associations.size());
  }

  @Test
  void namesWhatDiffers() throws Exception {
    EndState expected = EndState.of(state("501", "3", "9001", "a@x.example"));
    EndState actual = EndState.of(state("501", "2", "9001", "a@x.example"));
    List<String> diff = actual.diff(expected, 10);
    assertEquals(1, diff.size());
    assertTrue(diff.get(0).contains("seats differs: expected 3, got 2"), diff.get(0));
    assertEquals(java.util.Map.of("contact property differs", 1), EndState.kinds(diff));
  }
}
