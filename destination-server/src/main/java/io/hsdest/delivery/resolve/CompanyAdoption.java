package io.hsdest.delivery.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.policy.Verdict.Next;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.Operation;
import java.time.Duration;
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
 * Adopt-by-domain for groups not decided yet in this run: one search, on the search API's own
 * budget, answers for a whole batch of them both whether a company is already keyed with the
 * groupId ({@code key IN [...]}) and which unkeyed companies have the domain ({@code domain IN [...]}
 * AND key {@code NOT_HAS_PROPERTY}, oldest first). A keyed company is simply upserted; otherwise one
 * domain match is adopted (updated by id, which writes the key onto it), several: the oldest, with a
 * warning; none: a new company by upsert. Adoption never blocks the write: if the search fails, the
 * company is upserted by key.
 *
 * <p>Decisions are kept in memory for this run only: the store's ids are hints, and after a restart
 * (or a portal reset under the same data directory) a group is searched once more, so it adopts the
 * company HubSpot has now instead of making a second one with the same domain.
 */
public final class CompanyAdoption {
  /** What was decided for a group: the company to adopt, or {@link #BY_KEY} (no match, or HubSpot holds it keyed). */
  private final Cache<String, String> decisions;
  private final boolean readOnly;
  static final String BY_KEY = "";

  public CompanyAdoption() {
    this(Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(24)).build(), false);
  }

  private CompanyAdoption(Cache<String, String> decisions, boolean readOnly) {
    this.decisions = decisions;
    this.readOnly = readOnly;
  }

  /** The same decisions, for {@code /v1/validate}: it reads them and decides nothing. */
  public CompanyAdoption readOnly() {
    return new CompanyAdoption(decisions, true);
  }

  /** A company write not decided yet, that may adopt: it waits for the search. */
  public boolean needsSearch(CompanyWrite c) {
    return c.adoptByDomain() && c.domain() != null && c.recordId() == null && decisions.getIfPresent(c.groupId()) == null;
  }

  /** The write as decided earlier in this run (adopting, or by key), or null when undecided. */
  CompanyWrite decidedWrite(CompanyWrite c) {
    String decided = decisions.getIfPresent(c.groupId());
    if (decided == null) return null;
    return decided.equals(BY_KEY) ? c.byKey() : c.adopting(decided);
  }

  /** HubSpot wrote this group's company, which now carries the key: later writes upsert by key, with no search. */
  public void written(String groupId) {
    if (groupId != null && !readOnly) decisions.put(groupId, BY_KEY);
  }

  private void decided(String groupId, String companyId) {
    if (!readOnly) decisions.put(groupId, companyId);
  }

  /** A decided company HubSpot no longer has: the group is searched again next time. */
  public void forget(String groupId) {
    if (!readOnly) decisions.invalidate(groupId);
  }

  /** The search body for a batch of groups. */
  public static Map<String, Object> searchBody(List<CompanyWrite> batch, String idProperty) {
    Set<String> domains = new LinkedHashSet<>();
    Set<String> groups = new LinkedHashSet<>();
    for (CompanyWrite c : batch) {
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
    return body;
  }

  /** What the search found, one verdict per group of the batch (in order): the write, keyed or adopting. */
  public List<Verdict> decide(List<CompanyWrite> batch, String idProperty, JsonNode searchResult) {
    Map<String, String> keyedIds = new HashMap<>();
    Map<String, List<String>> unkeyedByDomain = new HashMap<>();
    for (JsonNode c : searchResult.path("results")) {
      String key = c.path("properties").path(idProperty).asText("");
      if (!key.isEmpty()) {
        keyedIds.put(key.toLowerCase(Locale.ROOT), c.path("id").asText());
      } else {
        String domain = c.path("properties").path("domain").asText("").toLowerCase(Locale.ROOT);
        unkeyedByDomain.computeIfAbsent(domain, k -> new ArrayList<>()).add(c.path("id").asText());
      }
    }
    Set<String> adopted = new HashSet<>();
    List<Verdict> out = new ArrayList<>(batch.size());
    for (CompanyWrite c : batch) {
      if (keyedIds.containsKey(c.groupId().toLowerCase(Locale.ROOT))) {
        out.add(Next.as(CompanyAdoption::byKey)); // decided once HubSpot wrote it
        continue;
      }
      List<String> matches = new ArrayList<>(unkeyedByDomain.getOrDefault(c.domain(), List.of()));
      matches.removeAll(adopted);
      if (matches.isEmpty()) {
        decided(c.groupId(), BY_KEY);
        out.add(Next.as(CompanyAdoption::byKey));
        continue;
      }
      String id = matches.get(0);
      adopted.add(id);
      decided(c.groupId(), id);
      out.add(matches.size() == 1 ? Next.as(op -> adopting(op, id)) : Next.as(op -> adopting(op, id), Warning.of(Reason.COMPANY_DOMAIN_AMBIGUOUS,
          "domain", matches.size() + " companies without a " + idProperty + " have the domain " + c.domain()
              + "; adopted the oldest (" + id + "), left " + matches.subList(1, matches.size()))));
    }
    return out;
  }

  private static Operation byKey(Operation search) {
    return ((AdoptionSearch) search).company().byKey();
  }

  private static Operation adopting(Operation search, String id) {
    return ((AdoptionSearch) search).company().adopting(id);
  }

  /** Whether the search found more than one page: fewer groups per search, then. */
  public static boolean truncated(JsonNode searchResult) {
    return searchResult.path("total").asInt(0) > searchResult.path("results").size();
  }

  /** The search failed: every group is written by key, with a warning saying why. */
  public static Verdict skipped(HubSpotError e) {
    return Next.as(CompanyAdoption::byKey, Warning.of(Reason.COMPANY_ADOPTION_SKIPPED, "domain", "looking for an existing company by domain"
        + " failed (" + e.describe() + "); written by key instead"));
  }
}
