package io.hsdest.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.CompanyWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Adopt-by-domain for groups this server has not written yet: one search, on the search API's
 * own budget, answers for a whole batch of them both whether a company is already keyed with the
 * groupId ({@code key IN [...]}) and which unkeyed companies have the domain ({@code domain IN [...]}
 * AND key {@code NOT_HAS_PROPERTY}, oldest first). A keyed company is simply upserted; otherwise
 * one domain match is adopted (updated by id, which writes the key onto it), several: the oldest,
 * with a warning; none: a new company by upsert. Adoption never blocks the write: if the search
 * fails, the company is upserted by key.
 */
final class CompanyAdoptionLane implements LaneKind {
  /** At most this many groups per search; fewer when their ids and domains are long (see {@link #fits}). */
  static final int GROUPS_PER_SEARCH = 100;
  /** HubSpot refuses search bodies over 3,000 characters; the rest of the body takes about 400. */
  private static final int VALUES_BUDGET = 2_500;

  private final String idProperty;

  CompanyAdoptionLane(String idProperty) {
    this.idProperty = idProperty;
  }

  @Override
  public Endpoint endpoint() {
    return Endpoint.COMPANIES_SEARCH;
  }

  @Override
  public Feeders.Category category() {
    return Feeders.Category.COMPANY_SEARCHES;
  }

  @Override
  public int maxInputs() {
    return GROUPS_PER_SEARCH;
  }

  @Override
  public boolean fits(List<Input> batch, Input next) {
    int size = valueChars(next);
    for (Input in : batch) size += valueChars(in);
    return size <= VALUES_BUDGET;
  }

  /** The characters a group adds to the search body: its id and domain, quoted, with separators. */
  private static int valueChars(Input in) {
    CompanyWrite c = (CompanyWrite) in.first().op;
    return c.groupId().length() + c.domain().length() + 6;
  }

  @Override
  public String recordKey(OpTask t) {
    return ((CompanyWrite) t.op).groupId();
  }

  @Override
  public HubSpotCall call(List<Input> batch, DeliveryEngine engine) {
    Set<String> domains = new LinkedHashSet<>();
    Set<String> groups = new LinkedHashSet<>();
    for (Input in : batch) {
      CompanyWrite c = (CompanyWrite) in.first().op;
      domains.add(c.domain());
      groups.add(c.groupId().toLowerCase(Locale.ROOT)); // IN takes lowercase strings and matches ignoring case
    }
    List<Map<String, Object>> unkeyedWithDomain = List.of(
        Map.of("propertyName", "domain", "operator", "IN", "values", List.copyOf(domains)),
        Map.of("propertyName", idProperty, "operator", "NOT_HAS_PROPERTY"));
    List<Map<String, Object>> keyed = List.of(Map.of("propertyName", idProperty, "operator", "IN", "values", List.copyOf(groups)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("filterGroups", List.of(Map.of("filters", unkeyedWithDomain), Map.of("filters", keyed)));
    body.put("properties", List.of("domain", "createdate", idProperty));
    body.put("sorts", List.of(Map.of("propertyName", "createdate", "direction", "ASCENDING")));
    body.put("limit", 100);
    return engine.calls.searchCompanies(body);
  }

  @Override
  public void answered(HubSpotResponse r, List<Input> batch, DeliveryEngine engine) {
    if (!r.isSuccess()) {
      skipAdoption(batch, HubSpotError.of(r), engine);
      return;
    }
    JsonNode json = r.json();
    if (json.path("total").asInt(0) > json.path("results").size() && batch.size() > 1) {
      engine.split(batch, HubSpotError.of(r)); // more matches than one page: fewer groups per search
      return;
    }
    Map<String, String> keyedIds = new HashMap<>();
    Map<String, List<String>> unkeyedByDomain = new HashMap<>();
    for (JsonNode c : json.path("results")) {
      String key = c.path("properties").path(idProperty).asText("");
      if (!key.isEmpty()) {
        keyedIds.put(key.toLowerCase(Locale.ROOT), c.path("id").asText());
      } else {
        String domain = c.path("properties").path("domain").asText("").toLowerCase(Locale.ROOT);
        unkeyedByDomain.computeIfAbsent(domain, k -> new ArrayList<>()).add(c.path("id").asText());
      }
    }
    Set<String> adopted = new HashSet<>();
    for (Input in : batch) {
      CompanyWrite c = (CompanyWrite) in.first().op;
      String existing = keyedIds.get(c.groupId().toLowerCase(Locale.ROOT));
      if (existing != null) {
        engine.ids.rememberCompany(c.groupId(), existing);
        upsert(in, engine, null);
        continue;
      }
      List<String> matches = new ArrayList<>(unkeyedByDomain.getOrDefault(c.domain(), List.of()));
      matches.removeAll(adopted);
      if (matches.isEmpty()) {
        engine.lanes.adoptionDecisions.put(c.groupId(), Lanes.NO_MATCH);
        upsert(in, engine, null);
        continue;
      }
      String id = matches.get(0);
      adopted.add(id);
      engine.lanes.adoptionDecisions.put(c.groupId(), id);
      Warning ambiguous = matches.size() > 1 ? Warning.of("COMPANY_DOMAIN_AMBIGUOUS", "domain", matches.size()
          + " companies without a " + idProperty + " have the domain " + c.domain() + "; adopted the oldest (" + id
          + "), left " + matches.subList(1, matches.size())) : null;
      engine.reroute(in, t -> {
        t.adoptionDone = true;
        if (ambiguous != null) t.extraWarnings.add(ambiguous);
        return ((CompanyWrite) t.op).withRecordId(id);
      });
    }
  }

  private static void upsert(Input in, DeliveryEngine engine, Warning warning) {
    engine.reroute(in, t -> {
      t.adoptionDone = true;
      if (warning != null) t.extraWarnings.add(warning);
      return t.op;
    });
  }

  private static void skipAdoption(List<Input> batch, HubSpotError e, DeliveryEngine engine) {
    Warning w = Warning.of("COMPANY_ADOPTION_SKIPPED", "domain", "looking for an existing company by domain failed ("
        + e.describe() + "); written by key instead");
    for (Input in : batch) upsert(in, engine, w);
  }
}
