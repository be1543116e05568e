package io.hsdest.bench;

/**
 * The fewest HubSpot calls that can carry a workload, given HubSpot's batch limits: every unique
 * contact written once in batch/upsert calls of 100, every company in batch/upsert calls of 100,
 * every event occurrence in /events/v3/send/batch calls of 500, every unique contact-company pair
 * in association batch calls of 100. With {@code adoptCompanyByDomain} (a company whose groupId
 * HubSpot doesn't know yet may adopt an existing company with the same domain) each company seen
 * for the first time also needs a lookup: one search can ask, for many new groups at once, both
 * whether a company already carries the groupId and which unkeyed company has the domain (the IN
 * operator; HubSpot documents no limit on its values, a page holds up to 200 results), so 100 new
 * companies per search are taken here, like the batch limits. Schema reads are a one-off per
 * server start and not counted.
 */
record Floor(long contacts, long companies, long events, long associations, long adoptionSearches) {

  /** The floor of one round (or any workload where every company is new). */
  static Floor of(Workload.Shape s, boolean adoption) {
    return of(s, adoption ? s.companies() : 0);
  }

  /** The floor of a workload that meets {@code newCompanies} companies for the first time. */
  static Floor of(Workload.Shape s, long newCompanies) {
    return new Floor(ceil(s.contacts(), 100), ceil(s.companies(), 100), ceil(s.events(), 500),
        ceil(s.associations(), 100), ceil(newCompanies, 100));
  }

  /**
   * The floor when at most {@code inFlight} messages can be in the server at once: a client that
   * waits for its 200 (which comes only once every message is final) before sending more limits
   * what one call can gather. Best case: the messages go in waves of {@code inFlight}, each wave
   * at its own floor.
   */
  static Floor inFlight(java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> messages, int inFlight, boolean adoption) {
    Floor sum = new Floor(0, 0, 0, 0, 0);
    java.util.Set<String> companiesSeen = new java.util.HashSet<>();
    for (int from = 0; from < messages.size(); from += inFlight) {
      var wave = messages.subList(from, Math.min(messages.size(), from + inFlight));
      Workload.Shape s = Workload.shapeOf(wave);
      long newCompanies = 0;
      for (var m : wave) if (m.path("type").asText().equals("group") && companiesSeen.add(m.path("groupId").asText())) newCompanies++;
      Floor f = Floor.of(s, false);
      sum = new Floor(sum.contacts + f.contacts, sum.companies + f.companies, sum.events + f.events,
          sum.associations + f.associations, sum.adoptionSearches + (adoption ? ceil(newCompanies, 100) : 0));
    }
    return sum;
  }

  long total() {
    return contacts + companies + events + associations + adoptionSearches;
  }

  /** Calls HubSpot counts against the token's ten-second limit (events, association batches and search are exempt). */
  long tenSecondly() {
    return contacts + companies;
  }

  String formula(Workload.Shape s) {
    String f = "ceil(" + s.contacts() + " contacts/100) + ceil(" + s.companies() + " companies/100) + ceil("
        + s.events() + " events/500) + ceil(" + s.associations() + " pairs/100)";
    if (adoptionSearches > 0) f += " + ceil(new companies/100) searches";
    return f + " = " + contacts + " + " + companies + " + " + events + " + " + associations
        + (adoptionSearches > 0 ? " + " + adoptionSearches : "") + " = " + total();
  }

  static long ceil(long n, long per) {
    return (n + per - 1) / per;
  }
}
