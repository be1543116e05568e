package io.hsdest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FloorTest {
  @Test
  void standardWorkloadFloor() {
    Workload.Shape s = new Workload.Shape(1000, 200, 40, 600, 97);
    Floor plain = Floor.of(s, false);
    assertEquals(2 + 1 + 2 + 1, plain.total());
    assertEquals(3, plain.tenSecondly());
    Floor adoption = Floor.of(s, true);
    assertEquals(7, adoption.total());
    assertEquals(3, adoption.tenSecondly());
  }

  @Test
  void inFlightFloorCountsEachWave() {
    Workload w = new Workload(42, 50, 1);
    Workload.Round round = w.round(0);
    Floor all = Floor.inFlight(round.messages(), 1000, false);
    assertEquals(Floor.of(round.shape(), false).total(), all.total());
    Floor waves = Floor.inFlight(round.messages(), 200, false);
    assertEquals(5 * 4, waves.total()); // five waves, each one call per endpoint
  }
}
