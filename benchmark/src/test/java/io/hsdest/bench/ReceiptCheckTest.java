package io.hsdest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceiptCheckTest {
  @Test
  void finalMeansAnOutcomeOtherThanAccepted() {
    for (String o : new String[] {"DELIVERED", "DELIVERED_WITH_WARNINGS", "SKIPPED", "DROPPED", "FAILED"}) assertTrue(ReceiptCheck.isFinal(o), o);
    for (String o : new String[] {"ACCEPTED", ReceiptCheck.MISSING, "HTTP 500", "no answer (IOException)"}) assertFalse(ReceiptCheck.isFinal(o), o);
  }

  @Test
  void countsByOutcome() {
    assertEquals(Map.of("ACCEPTED", 1, "DELIVERED", 2), ReceiptCheck.count(Map.of("a", "DELIVERED", "b", "ACCEPTED", "c", "DELIVERED")));
  }
}
