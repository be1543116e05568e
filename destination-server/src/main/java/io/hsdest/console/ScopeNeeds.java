package io.hsdest.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.config.DestinationSettings;
import io.hsdest.config.Policies.AudienceMode;
import io.hsdest.config.Policies.UnknownProperty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HubSpot scopes a destination's token needs for the features its settings switch on (hubspot-api.md section 1),
 * each with why, compared with the scopes the token was granted. A scope is {@code required} when a switched-on
 * feature cannot work without it; else it serves calls that may or may not come (group calls need the company
 * scopes only if the CDP sends groups).
 */
final class ScopeNeeds {
  /** One scope: why it is needed, whether the feature is surely used, and whether the token has it. */
  record Need(String scope, List<String> why, boolean required) {}

  private ScopeNeeds() {}

  static List<Need> of(DestinationSettings s) {
    Map<String, Need> needs = new LinkedHashMap<>();
    need(needs, "crm.objects.contacts.write", "identify calls upsert contacts", true);
    need(needs, "crm.objects.contacts.read", "contacts are read by id and by userIdProperty", true);
    need(needs, "crm.schemas.contacts.read", "contact properties are read to convert each value to its type", true);
    if (s.unknownPropertyPolicy() == UnknownProperty.CREATE) {
      need(needs, "crm.schemas.contacts.write", "unknownPropertyPolicy create makes missing contact properties", true);
    }
    need(needs, "analytics.behavioral_events.send", "track calls become custom behavioral events", true);
    need(needs, "behavioral_events.event_definitions.read_write", "custom event definitions are read"
        + (s.autoCreateEventDefinitions() ? " and created (autoCreateEventDefinitions)" : ""), true);
    need(needs, "crm.objects.companies.write", "group calls upsert companies", false);
    need(needs, "crm.objects.companies.read", "group calls find companies (and adopt them by domain)", false);
    need(needs, "crm.schemas.companies.read", "company properties are read to convert each value to its type", false);
    if (s.autoCreateCompanyIdProperty() || s.unknownPropertyPolicy() == UnknownProperty.CREATE) {
      need(needs, "crm.schemas.companies.write", "the companyIdProperty (or a missing company property) is created", false);
    }
    boolean lists = s.audienceMode() != AudienceMode.PROPERTY;
    need(needs, "crm.lists.read", lists ? "audiences are kept in static lists (audienceMode " + s.audienceMode().name()
        .toLowerCase(java.util.Locale.ROOT) + ")" : "audience and cohort syncs to lists (/v1/audiences, /v1/cohorts)", lists);
    need(needs, "crm.lists.write", lists ? "audience members are added to and removed from lists"
        : "audience and cohort syncs to lists (/v1/audiences, /v1/cohorts)", lists);
    JsonNode raw = s.raw();
    if (raw != null && raw.path("emailEvents").path("enabled").asBoolean(false)) {
      need(needs, "content", "the email events export reads HubSpot's email events", true);
    }
    JsonNode warehouse = raw == null ? null : raw.path("warehouse");
    if (warehouse != null && warehouse.path("enabled").asBoolean(false)) {
      List<String> collections = new ArrayList<>();
      warehouse.path("collections").forEach(c -> collections.add(c.asText()));
      if (collections.isEmpty()) collections.addAll(List.of("contacts", "companies", "deals", "contact_lists",
          "contact_list_memberships", "email_campaigns", "email_events"));
      for (String c : collections) {
        String why = "the warehouse copies " + c;
        switch (c) {
          case "contacts" -> {
            need(needs, "crm.objects.contacts.read", why, true);
            need(needs, "crm.schemas.contacts.read", why, true);
          }
          case "companies" -> {
            need(needs, "crm.objects.companies.read", why, true);
            need(needs, "crm.schemas.companies.read", why, true);
          }
          case "deals" -> {
            need(needs, "crm.objects.deals.read", why, true);
            need(needs, "crm.schemas.deals.read", why, true);
          }
          case "contact_lists", "contact_list_memberships" -> need(needs, "crm.lists.read", why, true);
          case "email_campaigns", "email_events" -> need(needs, "content", why, true);
          default -> { }
        }
      }
    }
    return List.copyOf(needs.values());
  }

  private static void need(Map<String, Need> needs, String scope, String why, boolean required) {
    Need had = needs.get(scope);
    List<String> reasons = new ArrayList<>(had == null ? List.of() : had.why());
    if (!reasons.contains(why)) reasons.add(why);
    needs.put(scope, new Need(scope, List.copyOf(reasons), required || (had != null && had.required())));
  }

  /** The needs against the granted scopes: one row each, {@code granted} true or false. */
  static List<Map<String, Object>> compare(List<Need> needs, Collection<String> granted) {
    Set<String> have = Set.copyOf(granted);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Need n : needs) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("scope", n.scope());
      row.put("granted", have.contains(n.scope()));
      row.put("required", n.required());
      row.put("why", String.join("; ", n.why()));
      rows.add(row);
    }
    return rows;
  }
}
