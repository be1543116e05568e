package io.hsdest.fake;

import java.util.EnumSet;
import java.util.Set;

/** A private app token: its portal, the scope families it lacks, and its rate-limit windows. Event loop only. */
final class TokenGrant {
  final String token;
  final Portal portal;
  final Set<ApiFamily> denied = EnumSet.noneOf(ApiFamily.class);
  final DailyQuota daily = new DailyQuota();
  private RollingWindow tenSecondly;

  TokenGrant(String token, Portal portal) {
    this.token = token;
    this.portal = portal;
  }

  /** The 10-second window for the configured max, rebuilt when the max changes. */
  RollingWindow tenSecondly(int max) {
    if (tenSecondly == null || tenSecondly.max != max) {
      tenSecondly = new RollingWindow(max, 10_000);
    }
    return tenSecondly;
  }
}
