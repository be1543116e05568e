package io.hsdest.fake;

import java.util.Random;

/**
 * Every random decision of the fake, from one seeded {@link Random}, so that the same requests in the same order get
 * the same faults and delays. When no fault or jitter is configured no random number is drawn at all, so turning a
 * fault on later does not depend on how much traffic came before. Event loop only.
 */
final class FaultDice {
  private static final int[] SERVER_ERRORS = {500, 502, 503, 504};
  private Random random;

  FaultDice(long seed) {
    reseed(seed);
  }

  void reseed(long seed) {
    random = new Random(seed);
  }

  Fault roll(FakeConfig c) {
    double total = c.errorRate() + c.rate429() + c.lockedRate() + c.migrationRate() + c.hangRate();
    if (total <= 0) {
      return Fault.NONE;
    }
    double r = random.nextDouble();
    if ((r -= c.errorRate()) < 0) {
      return Fault.SERVER_ERROR;
    }
    if ((r -= c.rate429()) < 0) {
      return Fault.TOO_MANY_REQUESTS;
    }
    if ((r -= c.lockedRate()) < 0) {
      return Fault.LOCKED;
    }
    if ((r -= c.migrationRate()) < 0) {
      return Fault.MIGRATION;
    }
    if ((r -= c.hangRate()) < 0) {
      return Fault.HANG;
    }
    return Fault.NONE;
  }

  int serverErrorStatus() {
    return SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)];
  }

  long delay(FakeConfig c) {
    return c.latencyMs() + (c.jitterMs() > 0 ? (long) (random.nextDouble() * (c.jitterMs() + 1)) : 0);
  }
}
