package io.hsdest.fake;

import java.util.EnumSet;
import java.util.Set;

/** A private app token: its portal, the scope families it lacks, and its rate-limit windows. Event loop only. */
final class TokenGrant {
  final String token;
  final Portal portal;
  final Set<ApiFamily> denied = EnumSet.noneOf(ApiFamily.class);
  final DailyQuota daily = new DailyQuota();
  /** The private app behind the token and the user who created it, as token introspection reports them. */
  final long appId;
  final long userId;
  private RollingWindow tenSecondly;

  TokenGrant(String token, Portal portal, long appId) {
    this.token = token;
    this.portal = portal;
    this.appId = appId;
    this.userId = 2_000_000 + portal.portalId % 1_000_000;
  }

  /**
   * The scopes the token was granted: every family's, less those of the families taken away (a scope two families
   * share, such as {@code crm.objects.contacts.write}, goes with either).
   */
  java.util.List<String> scopes() {
    java.util.TreeSet<String> scopes = new java.util.TreeSet<>();
    for (ApiFamily f : ApiFamily.values()) {
      scopes.addAll(f.requiredScopes());
    }
    for (ApiFamily f : denied) {
      scopes.removeAll(f.requiredScopes());
    }
    return java.util.List.copyOf(scopes);
  }

  /** The 10-second window for the configured max, rebuilt when the max changes. */
  RollingWindow tenSecondly(int max) {
    if (tenSecondly == null || tenSecondly.max != max) {
      tenSecondly = new RollingWindow(max, 10_000);
    }
    return tenSecondly;
  }
}
