package io.hsdest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void allIsIssueThreesFiveAndDurableIsIssueTwelvesFour() {
    assertEquals(List.of("standard", "throughput", "overload", "faults", "kill"), Options.parse(new String[] {"all"}).scenarios);
    assertEquals(List.of("durable-throughput", "durable-standard", "durable-kill", "kafka-three"),
        Options.parse(new String[] {"durable"}).scenarios);
    assertEquals(9, Options.parse(new String[] {"all", "durable"}).scenarios.size());
    assertEquals(List.of("kafka-three", "standard"), Options.parse(new String[] {"kafka-three", "standard"}).scenarios);
  }

  @Test
  void unknownScenarioIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"durable-everything"}));
  }
}
