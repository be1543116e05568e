package io.hsdest.fake;

/**
 * How an endpoint counts against rate limits. The exemptions are the spec's {@code x-hubspot-rate-limit-exemptions}
 * (hubspot-api.md section 3), each switchable in {@link FakeConfig}.
 */
enum LimitClass {
  STANDARD, SEARCH, ASSOCIATION_BATCH, EVENT_SEND,
  /**
   * Not counted at all, and authenticated by the token in the request body instead of a Bearer header: the private
   * app token introspection ({@code POST /oauth/v2/private-apps/get/access-token-info}).
   */
  TOKEN_IN_BODY;

  boolean countsTenSecondly(FakeConfig c) {
    switch (this) {
      case TOKEN_IN_BODY: return false;
      case SEARCH: return !c.exemptSearchFromTenSecondly();
      case ASSOCIATION_BATCH: return !c.exemptAssociationBatchFromTenSecondly();
      case EVENT_SEND: return !c.exemptEventsFromTenSecondly();
      default: return true;
    }
  }

  boolean countsDaily(FakeConfig c) {
    if (this == TOKEN_IN_BODY) {
      return false;
    }
    return this != EVENT_SEND || !c.exemptEventsFromDaily();
  }
}
