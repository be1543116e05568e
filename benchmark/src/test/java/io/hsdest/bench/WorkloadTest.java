package io.hsdest.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private final Workload workload = new Workload(42, 50, 50);

  @Test
  void oneRoundIsTheStandardMix() {
    Workload.Round round = workload.round(0);
    Map<String, Integer> types = new HashMap<>();
    Set<String> trackUsers = new HashSet<>();
    Set<String> events = new HashSet<>();
    Set<String> messageIds = new HashSet<>();
    for (ObjectNode m : round.messages()) {
      types.merge(m.path("type").asText(), 1, Integer::sum);
      messageIds.add(m.path("messageId").asText());
      if (m.path("type").asText().equals("track")) {
        trackUsers.add(m.path("userId").asText());
        events.add(m.path("event").asText());
      }
    }
    assertEquals(Map.of("track", 600, "identify", 300, "group", 100), types);
    assertEquals(150, trackUsers.size());
    assertEquals(3, events.size());
    assertEquals(1000, messageIds.size());
    assertEquals(new Workload.Shape(1000, 200, 40, 600, round.shape().associations()), round.shape());
  }

  @Test
  void sameSeedSameBytes() {
    List<Workload.Batch> a = workload.batches(workload.round(3));
    List<Workload.Batch> b = new Workload(42, 50, 50).batches(new Workload(42, 50, 50).round(3));
    assertEquals(20, a.size());
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).body(), b.get(i).body());
  }

  @Test
  void timestampsIncreaseAndFirstIdentifyComesFirst() throws Exception {
    String last = "";
    Map<String, Integer> identifies = new HashMap<>();
    for (ObjectNode m : workload.round(1).messages()) {
      String ts = m.path("timestamp").asText();
      assertTrue(ts.compareTo(last) > 0, ts + " after " + last);
      last = ts;
      if (m.path("type").asText().equals("identify")) {
        int n = identifies.merge(m.path("userId").asText(), 1, Integer::sum);
        assertEquals(n == 1, m.path("traits").has("phone"), "the first identify carries the full profile");
      }
    }
    JsonNode body = Workload.JSON.readTree(workload.batches(workload.round(1)).get(0).body());
    assertEquals(50, body.path("batch").size());
  }

  @Test
  void companiesAreNewOnlyOnThePopulationsFirstVisit() {
    assertEquals(40, workload.batches(workload.round(7)).stream().mapToInt(Workload.Batch::newCompanies).sum());
    assertEquals(0, workload.batches(workload.round(57)).stream().mapToInt(Workload.Batch::newCompanies).sum());
  }
}
