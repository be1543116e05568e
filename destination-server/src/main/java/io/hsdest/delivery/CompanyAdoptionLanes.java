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
 * Adopt-by-domain for groups never seen before: first one {@code batch/read} by the company id
 * property for all the new groupIds; for those HubSpot has no company keyed with, one search for
 * all their domains ({@code domain IN [...]} AND key {@code NOT_HAS_PROPERTY}, oldest first) on
 * the search API's own budget. One match is adopted (updated by id, which writes the key onto
 * it); several: the oldest, with a warning; none: a plain upsert. Adoption never blocks the write:
 * if a lookup fails, the company is upserted by key.
 */
final class CompanyAdoptionLanes {
  private CompanyAdoptionLanes() {}

  /** Which of the new groupIds already have a company keyed with them. */
  static final class Lookup implements LaneKind {
    private final String idProperty;

    Lookup(String idProperty) {
      this.idProperty = idProperty;
    }

    @Override
    public Endpoint endpoint() {
      return Endpoint.COMPANIES_READ;
    }

    @Override
    public String recordKey(OpTask t) {
      return ((CompanyWrite) t.op).groupId();
    }


    @Override
    public HubSpotCall call(List<Input> batch, DeliveryEngine engine) {
      List<Map<String, Object>> inputs = new ArrayList<>();
      for (Input in : batch) inputs.add(Map.of("id", ((CompanyWrite) in.first().op).groupId()));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("idProperty", idProperty);
      body.put("properties", List.of(idProperty, "domain"));
      body.put("inputs", inputs);
      return engine.calls.read("companies", body);
    }

    @Override
    public void answered(HubSpotResponse r, List<Input> batch, DeliveryEngine engine) {
      if (!r.isSuccess()) {
        skipAdoption(batch, HubSpotError.of(r), engine);
        return;
      }
      Map<String, String> found = new HashMap<>();
      for (JsonNode result : r.json().path("results")) {
        found.put(result.path("properties").path(idProperty).asText(""), result.path("id").asText());
      }
      for (Input in : batch) {
        String groupId = ((CompanyWrite) in.first().op).groupId();
        String id = found.get(groupId);
        if (id != null) engine.ids.rememberCompany(groupId, id);
        engine.reroute(in, t -> {
          t.adoptionStage = id != null ? 2 : 1;
          return t.op;
        });
      }
    }
  }

  /** Existing unkeyed companies with the new groups' domains, oldest first. */
  static final class Search implements LaneKind {
    private final String idProperty;

    Search(String idProperty) {
      this.idProperty = idProperty;
    }

    @Override
    public Endpoint endpoint() {
      return Endpoint.COMPANIES_SEARCH;
    }

    @Override
    public int maxInputs() {
      return 50;
    }

    @Override
    public String recordKey(OpTask t) {
      return ((CompanyWrite) t.op).groupId();
    }


    @Override
    public HubSpotCall call(List<Input> batch, DeliveryEngine engine) {
      Set<String> domains = new LinkedHashSet<>();
      for (Input in : batch) domains.add(((CompanyWrite) in.first().op).domain());
      List<Map<String, Object>> filters = List.of(
          Map.of("propertyName", "domain", "operator", "IN", "values", List.copyOf(domains)),
          Map.of("propertyName", idProperty, "operator", "NOT_HAS_PROPERTY"));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("filterGroups", List.of(Map.of("filters", filters)));
      body.put("properties", List.of("domain", "name", "createdate", idProperty));
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
        engine.split(batch, HubSpotError.of(r)); // too many matches for one page: fewer domains per search
        return;
      }
      Map<String, List<String>> byDomain = new HashMap<>();
      for (JsonNode c : json.path("results")) {
        String d = c.path("properties").path("domain").asText("").toLowerCase(Locale.ROOT);
        byDomain.computeIfAbsent(d, k -> new ArrayList<>()).add(c.path("id").asText());
      }
      Set<String> adopted = new HashSet<>();
      for (Input in : batch) {
        CompanyWrite c = (CompanyWrite) in.first().op;
        List<String> matches = new ArrayList<>(byDomain.getOrDefault(c.domain(), List.of()));
        matches.removeAll(adopted);
        if (matches.isEmpty()) {
          engine.reroute(in, t -> {
            t.adoptionStage = 2;
            return t.op;
          });
          continue;
        }
        String id = matches.get(0);
        adopted.add(id);
        engine.ids.rememberCompany(c.groupId(), id);
        Warning ambiguous = matches.size() > 1 ? Warning.of("COMPANY_DOMAIN_AMBIGUOUS", "domain", matches.size()
            + " companies without a " + idProperty + " have the domain " + c.domain() + "; adopted the oldest (" + id
            + "), left " + matches.subList(1, matches.size())) : null;
        engine.reroute(in, t -> {
          t.adoptionStage = 2;
          if (ambiguous != null) t.extraWarnings.add(ambiguous);
          return ((CompanyWrite) t.op).withRecordId(id);
        });
      }
    }
  }

  private static void skipAdoption(List<Input> batch, HubSpotError e, DeliveryEngine engine) {
    Warning w = Warning.of("COMPANY_ADOPTION_SKIPPED", "domain", "looking for an existing company by domain failed ("
        + e.describe() + "); written by " + "key instead");
    for (Input in : batch) {
      engine.reroute(in, t -> {
        t.adoptionStage = 2;
        t.extraWarnings.add(w);
        return t.op;
      });
    }
  }
}
