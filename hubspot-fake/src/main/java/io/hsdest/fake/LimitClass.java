package io.hsdest.fake;

/**
 * How an endpoint counts against rate limits. The exemptions are the spec's {@code x-hubspot-rate-limit-exemptions}
 * (hubspot-api.md section 3), each switchable in {@link FakeConfig}.
 */
enum LimitClass {
  STANDARD, SEARCH, ASSOCIATION_BATCH, EVENT_SEND;

  boolean countsTenSecondly(FakeConfig c) {
    switch (this) {
      case SEARCH: return !c.exemptSearchFromTenSecondly();
      case ASSOCIATION_BATCH: return !c.exemptAssociationBatchFromTenSecondly();
      case EVENT_SEND: return !c.exemptEventsFromTenSecondly();
      default: return true;
    }
  }

  boolean countsDaily(FakeConfig c) {
    return this != EVENT_SEND || !c.exemptEventsFromDaily();
  }
}
