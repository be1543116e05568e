package io.hsdest.fake;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /crm/v3/objects/{type}/search} (DOC-SEARCH): filter groups ORed, filters inside a group ANDed, at most
 * 5 groups / 6 filters per group / 18 filters, one sort, a body of at most 3,000 characters, limit at most 200, at
 * most 10,000 results reachable (paging past them is a 400). Archived records never match. Enumeration
 * values compare case-sensitively, other strings case-insensitively; numbers, dates and datetimes by value.
 * Rate-limited separately (5/s per portal) and exempt from the 10-second limit. Groups with an EQ on a unique
 * property use the index instead of a scan.
 */
final class ObjectSearch {
  static final int MAX_GROUPS = 5;
  static final int MAX_FILTERS_PER_GROUP = 6;
  static final int MAX_FILTERS = 18;
  static final int MAX_LIMIT = 200;
  static final int MAX_RESULTS = 10_000;
  static final int MAX_BODY_CHARS = 3_000;
  private static final Set<String> OPERATORS = Set.of("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN",
      "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN");
  private static final Pattern NUMERIC = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Map<ObjectType, List<String>> QUERY_PROPERTIES = Map.of(
      ObjectType.CONTACTS, List.of("firstname", "lastname", "email", "phone", "company", "hs_additional_emails"),
      ObjectType.COMPANIES, List.of("name", "domain", "website", "phone"),
      ObjectType.DEALS, List.of("dealname"));

  private record Filter(String property, String operator, String value, List<String> values, String highValue) {
  }

  private record Sort(String property, boolean descending) {
  }

  void register(ApiRoutes r) {
    r.add(HttpMethod.POST, "/crm/v3/objects/:objectType/search", LimitClass.SEARCH, ApiRoutes.OBJECTS, this::search);
  }

  private Reply search(Exchange x) {
    ObjectType type = ObjectType.parse(x.param("objectType"));
    ObjectStore store = x.portal.store(type);
    String raw = x.rawBody();
    if (raw != null && raw.length() > MAX_BODY_CHARS) {
      throw Envelopes.validation("The search request body is " + raw.length() + " characters long; the maximum is "
          + MAX_BODY_CHARS + ".");
    }
    JsonObject body = x.body();
    List<List<Filter>> groups = groups(body.getValue("filterGroups"));
    int limit = body.getInteger("limit", 10);
    if (limit < 0 || limit > MAX_LIMIT) {
      throw Envelopes.validation("limit must be between 0 and " + MAX_LIMIT + ", was " + limit);
    }
    int after = parseAfter(body.getValue("after"));
    if (after + limit > MAX_RESULTS) {
      throw Envelopes.validation("Paging past " + MAX_RESULTS + " results is not supported (after=" + after + ")");
    }
    String query = body.getString("query");
    List<CrmRecord> matches = new ArrayList<>();
    for (CrmRecord r : candidates(store, groups)) {
      if (matchesGroups(store, r, groups) && (query == null || matchesQuery(type, r, query))) {
        matches.add(r);
      }
    }
    List<Sort> sorts = sorts(body.getValue("sorts"));
    if (!(sorts.size() == 1 && "hs_object_id".equals(sorts.get(0).property()) && !sorts.get(0).descending())) {
      matches.sort(comparator(store, sorts)); // by id ascending they are already in order
    }
    List<String> properties = RecordJson.propertyNames(body.getValue("properties"));
    JsonArray results = new JsonArray();
    for (int i = after; i < Math.min(matches.size(), after + limit); i++) {
      results.add(RecordJson.read(type, matches.get(i), properties));
    }
    JsonObject out = new JsonObject().put("total", matches.size()).put("results", results);
    if (after + limit < matches.size()) {
      out.put("paging", new JsonObject().put("next", new JsonObject().put("after", Integer.toString(after + limit))));
    }
    return Reply.json(200, out);
  }

  private static List<List<Filter>> groups(Object raw) {
    List<List<Filter>> groups = new ArrayList<>();
    if (raw == null) {
      return groups;
    }
    if (!(raw instanceof JsonArray)) {
      throw Envelopes.invalidJson("filterGroups must be an array");
    }
    JsonArray arr = (JsonArray) raw;
    if (arr.size() > MAX_GROUPS) {
      throw Envelopes.validation("Too many filter groups: " + arr.size() + ". The maximum is " + MAX_GROUPS + ".");
    }
    int total = 0;
    for (Object g : arr) {
      JsonArray filters = ((JsonObject) g).getJsonArray("filters", new JsonArray());
      if (filters.size() > MAX_FILTERS_PER_GROUP) {
        throw Envelopes.validation("Too many filters in a filter group: " + filters.size() + ". The maximum is "
            + MAX_FILTERS_PER_GROUP + ".");
      }
      total += filters.size();
      List<Filter> group = new ArrayList<>();
      for (Object f : filters) {
        group.add(filter((JsonObject) f));
      }
      groups.add(group);
    }
    if (total > MAX_FILTERS) {
      throw Envelopes.validation("Too many filters: " + total + ". The maximum across all filter groups is "
          + MAX_FILTERS + ".");
    }
    return groups;
  }

  private static Filter filter(JsonObject f) {
    String property = f.getString("propertyName");
    String operator = f.getString("operator", "EQ");
    if (property == null) {
      throw Envelopes.validation("Every filter needs a propertyName");
    }
    if (!OPERATORS.contains(operator)) {
      throw Envelopes.validation("Unknown filter operator " + operator + "; expected one of " + OPERATORS);
    }
    List<String> values = new ArrayList<>();
    f.getJsonArray("values", new JsonArray()).forEach(v -> values.add(String.valueOf(v)));
    return new Filter(property, operator, Batches.text(f, "value"), values, Batches.text(f, "highValue"));
  }

  /** DOC-SEARCH: "Only one sorting rule can be applied to any search"; the fake refuses a second one. */
  private static List<Sort> sorts(Object raw) {
    List<Sort> sorts = new ArrayList<>();
    if (raw instanceof JsonArray && ((JsonArray) raw).size() > 1) {
      throw Envelopes.validation("Only one sorting rule can be applied to any search; got " + ((JsonArray) raw).size()
          + ".");
    }
    if (raw instanceof JsonArray) {
      for (Object s : (JsonArray) raw) {
        if (s instanceof JsonObject) {
          JsonObject o = (JsonObject) s;
          sorts.add(new Sort(o.getString("propertyName"), "DESCENDING".equalsIgnoreCase(o.getString("direction"))));
        } else if (s instanceof String) {
          String name = (String) s;
          sorts.add(name.startsWith("-") ? new Sort(name.substring(1), true) : new Sort(name, false));
        }
      }
    }
    return sorts;
  }

  private static int parseAfter(Object raw) {
    if (raw == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(String.valueOf(raw)));
    } catch (NumberFormatException e) {
      throw Envelopes.validation("Invalid 'after' value: " + raw);
    }
  }

  /** Every group pinned to one record by an EQ on a unique property: look those up instead of scanning. */
  private static Collection<CrmRecord> candidates(ObjectStore store, List<List<Filter>> groups) {
    if (groups.isEmpty()) {
      return store.all();
    }
    Map<Long, CrmRecord> pinned = new LinkedHashMap<>();
    for (List<Filter> group : groups) {
      Filter key = null;
      for (Filter f : group) {
        if ("EQ".equals(f.operator()) && f.value() != null
            && ("hs_object_id".equals(f.property()) || store.isUniqueKey(f.property()))) {
          key = f;
          break;
        }
      }
      if (key == null) {
        return groups.size() == 1 ? idRange(store, group) : store.all();
      }
      CrmRecord r = store.findBy(key.property(), key.value());
      if (r != null) {
        pinned.put(r.id, r);
      }
    }
    return pinned.values();
  }

  /** A single group with "hs_object_id GT/GTE n" (paging by id) only needs the records after n. */
  private static Collection<CrmRecord> idRange(ObjectStore store, List<Filter> group) {
    long from = Long.MIN_VALUE;
    for (Filter f : group) {
      if ("hs_object_id".equals(f.property()) && f.value() != null && ("GT".equals(f.operator())
          || "GTE".equals(f.operator()))) {
        Long n = ObjectStore.parseId(f.value());
        if (n != null) {
          from = Math.max(from, "GT".equals(f.operator()) ? n : n - 1);
        }
      }
    }
    return from == Long.MIN_VALUE ? store.all() : store.after(from);
  }

  private static boolean matchesGroups(ObjectStore store, CrmRecord r, List<List<Filter>> groups) {
    if (groups.isEmpty()) {
      return true;
    }
    for (List<Filter> group : groups) {
      boolean all = true;
      for (Filter f : group) {
        if (!matches(store, r, f)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(ObjectStore store, CrmRecord r, Filter f) {
    String v = "hs_object_id".equals(f.property()) ? r.idString() : r.get(f.property());
    PropertyDefinition d = store.property(f.property());
    boolean present = v != null && !v.isEmpty();
    switch (f.operator()) {
      case "HAS_PROPERTY": return present;
      case "NOT_HAS_PROPERTY": return !present;
      case "EQ": return present && equal(d, v, f.value());
      case "NEQ": return !present || !equal(d, v, f.value());
      case "IN": return present && f.values().stream().anyMatch(w -> equal(d, v, w));
      case "NOT_IN": return !present || f.values().stream().noneMatch(w -> equal(d, v, w));
      case "GT": return present && compare(d, v, f.value()) > 0;
      case "GTE": return present && compare(d, v, f.value()) >= 0;
      case "LT": return present && compare(d, v, f.value()) < 0;
      case "LTE": return present && compare(d, v, f.value()) <= 0;
      case "BETWEEN": return present && compare(d, v, f.value()) >= 0 && compare(d, v, f.highValue()) <= 0;
      case "CONTAINS_TOKEN": return present && containsToken(v, f.value());
      case "NOT_CONTAINS_TOKEN": return !present || !containsToken(v, f.value());
      default: return false;
    }
  }

  private static boolean equal(PropertyDefinition d, String stored, String wanted) {
    if (wanted == null) {
      return false;
    }
    String type = d == null ? "string" : d.type;
    switch (type) {
      case "enumeration":
        if (d.isMultiCheckbox()) {
          for (String s : stored.split(";")) {
            if (s.equals(wanted)) {
              return true;
            }
          }
          return false;
        }
        return stored.equals(wanted);
      case "number":
      case "date":
      case "datetime":
        return compare(d, stored, wanted) == 0;
      default:
        return stored.equalsIgnoreCase(wanted);
    }
  }

  /** Numbers and times by value, everything else as case-insensitive text. */
  private static int compare(PropertyDefinition d, String a, String b) {
    if (b == null) {
      return 0;
    }
    String type = d == null ? "string" : d.type;
    if (("date".equals(type) || "datetime".equals(type))) {
      Long x = Timestamps.parseInstant(a);
      Long y = Timestamps.parseInstant(b);
      if (x != null && y != null) {
        return Long.compare(x, y);
      }
    }
    if (NUMERIC.matcher(a).matches() && NUMERIC.matcher(b).matches()) {
      return new BigDecimal(a).compareTo(new BigDecimal(b));
    }
    return a.compareToIgnoreCase(b);
  }

  private static boolean containsToken(String stored, String token) {
    if (token == null) {
      return false;
    }
    Pattern p = Pattern.compile(("\\Q" + token.toLowerCase(Locale.ROOT) + "\\E").replace("*", "\\E.*\\Q"));
    for (String t : stored.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}@._-]+")) {
      if (p.matcher(t).matches()) {
        return true;
      }
    }
    return p.matcher(stored.toLowerCase(Locale.ROOT)).matches();
  }

  private static boolean matchesQuery(ObjectType type, CrmRecord r, String query) {
    String q = query.toLowerCase(Locale.ROOT);
    for (String p : QUERY_PROPERTIES.get(type)) {
      String v = r.get(p);
      if (v != null && v.toLowerCase(Locale.ROOT).contains(q)) {
        return true;
      }
    }
    return false;
  }

  private static Comparator<CrmRecord> comparator(ObjectStore store, List<Sort> sorts) {
    Comparator<CrmRecord> c = (a, b) -> 0;
    for (Sort s : sorts) {
      if ("hs_object_id".equals(s.property())) {
        Comparator<CrmRecord> byId = Comparator.comparingLong(r -> r.id);
        c = c.thenComparing(s.descending() ? byId.reversed() : byId);
        continue;
      }
      PropertyDefinition d = store.property(s.property());
      Comparator<CrmRecord> one = (a, b) -> {
        String va = "hs_object_id".equals(s.property()) ? a.idString() : a.get(s.property());
        String vb = "hs_object_id".equals(s.property()) ? b.idString() : b.get(s.property());
        if (va == null || vb == null) {
          return va == null ? (vb == null ? 0 : 1) : -1; // unset values last, either direction
        }
        int cmp = compare(d, va, vb);
        return s.descending() ? -cmp : cmp;
      };
      c = c.thenComparing(one);
    }
    return c.thenComparingLong(r -> r.id);
  }
}
