package io.hsdest.console;

import io.hsdest.config.DestinationSettings;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.hubspot.schema.EventDefinition;
import io.hsdest.hubspot.schema.EventDefinitions;
import io.hsdest.hubspot.schema.ObjectSchema;
import io.hsdest.hubspot.schema.PropertyDefinition;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A live destination's setup, checked against HubSpot: whose token it is and what it may do (token introspection),
 * which account it writes to and where that account is hosted (account details), whether the portal, the region and
 * the scopes match the settings, and whether the properties and event definitions the settings name exist (from the
 * destination's schema caches). Every call goes through the token's paced HubSpot. The result lists each problem
 * with what to do about it.
 */
final class SetupCheck {
  private final DestinationSettings settings;
  private final HubSpotApi paced;
  private final Calls calls;
  private final PortalSchemas schemas;

  SetupCheck(DestinationSettings settings, HubSpotApi paced, Calls calls, PortalSchemas schemas) {
    this.settings = settings;
    this.paced = paced;
    this.calls = calls;
    this.schemas = schemas;
  }

  Future<Map<String, Object>> run() {
    Future<Map<String, Object>> token = read(calls.tokenInfo());
    Future<Map<String, Object>> account = read(calls.accountDetails());
    Future<List<Map<String, Object>>> schema = schemaChecks();
    return Future.join(token, account, schema).transform(ignored -> Future.succeededFuture(
        report(token.result(), account.result(), schema.result())));
  }

  /** A HubSpot read as a map: the answer's fields with {@code ok: true}, or {@code ok: false} and what HubSpot said. */
  @SuppressWarnings("unchecked")
  private Future<Map<String, Object>> read(io.hsdest.hubspot.HubSpotCall call) {
    return paced.call(call).map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      if (r.isSuccess()) {
        m.put("ok", true);
        if (r.json().isObject()) m.putAll(io.hsdest.hubspot.JsonBodies.MAPPER.convertValue(r.json(), Map.class));
      } else {
        m.put("ok", false);
        m.put("status", r.status());
        m.put("error", describe(r));
      }
      return m;
    }).recover(e -> Future.succeededFuture(new LinkedHashMap<>(Map.of("ok", false, "error",
        "no answer from HubSpot (" + e.getMessage() + ")"))));
  }

  private static String describe(HubSpotResponse r) {
    return HubSpotError.of(r).describe();
  }

  private Map<String, Object> report(Map<String, Object> token, Map<String, Object> account, List<Map<String, Object>> schema) {
    List<Map<String, Object>> problems = new ArrayList<>();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("checkedAt", Instant.now().toString());
    out.put("token", token);
    out.put("account", account);

    if (!Boolean.TRUE.equals(token.get("ok"))) {
      problem(problems, "error", "HubSpot refused to describe the token: " + token.get("error")
          + ". Check accessToken (a private app token, pat-...).");
    }
    if (!Boolean.TRUE.equals(account.get("ok"))) {
      problem(problems, "error", "HubSpot refused the account details: " + account.get("error"));
    }

    Map<String, Object> portal = new LinkedHashMap<>();
    portal.put("configured", settings.portalId());
    portal.put("token", token.get("hubId"));
    portal.put("account", account.get("portalId"));
    Object actual = token.get("hubId") != null ? token.get("hubId") : account.get("portalId");
    Boolean portalMatch = actual == null ? null : String.valueOf(actual).equals(settings.portalId());
    portal.put("match", portalMatch);
    out.put("portal", portal);
    if (Boolean.FALSE.equals(portalMatch)) {
      problem(problems, "error", "The token belongs to portal " + actual + ", but portalId is " + settings.portalId()
          + ": event names (pe" + settings.portalId() + "_...) and the snippet would point at the wrong account. Set portalId to "
          + actual + ", or use that portal's token.");
    }

    Map<String, Object> region = RegionCheck.of(settings.raw(), (String) account.get("dataHostingLocation"));
    out.put("region", region);
    if (Boolean.FALSE.equals(region.get("match"))) problem(problems, "error", (String) region.get("advice"));

    List<Map<String, Object>> scopes = List.of();
    if (token.get("scopes") instanceof List<?> granted) {
      List<String> names = new ArrayList<>();
      for (Object g : granted) names.add(String.valueOf(g));
      scopes = ScopeNeeds.compare(ScopeNeeds.of(settings), names);
      for (Map<String, Object> row : scopes) {
        if (Boolean.TRUE.equals(row.get("granted"))) continue;
        boolean required = Boolean.TRUE.equals(row.get("required"));
        problem(problems, required ? "error" : "warning", "The token lacks the scope " + row.get("scope") + " ("
            + row.get("why") + ")" + (required ? "" : ", needed only if such calls come")
            + ": add it to the private app in HubSpot, then use the token it shows.");
      }
    }
    out.put("scopes", scopes);

    out.put("schema", schema);
    for (Map<String, Object> row : schema) {
      String status = (String) row.get("status");
      if ("missing".equals(status) || "not unique".equals(status)) problem(problems, "error", (String) row.get("detail"));
      else if ("unreadable".equals(status)) problem(problems, "warning", (String) row.get("detail"));
    }
    out.put("problems", problems);
    HubSpotLinks links = HubSpotLinks.of((String) account.get("uiDomain"), settings.portalId());
    if (links != null) out.put("links", Map.of("privateApps", links.privateApps()));
    return out;
  }

  private static void problem(List<Map<String, Object>> problems, String severity, String text) {
    problems.add(Map.of("severity", severity, "text", text));
  }

  /** The properties and event definitions the settings name, as the schema caches know them. */
  private Future<List<Map<String, Object>>> schemaChecks() {
    Future<ObjectSchema> contacts = schemas.contacts();
    Future<ObjectSchema> companies = schemas.companies();
    Future<EventDefinitions> events = schemas.events();
    return Future.join(contacts, companies, events).transform(ignored -> {
      List<Map<String, Object>> rows = new ArrayList<>();
      if (contacts.succeeded()) {
        uniqueProperty(rows, contacts.result(), "contactIdProperty", settings.contactIdProperty(), false);
        if (settings.userIdProperty() != null) uniqueProperty(rows, contacts.result(), "userIdProperty", settings.userIdProperty(), false);
      } else {
        unreadable(rows, "contact properties", contacts.cause());
      }
      if (companies.succeeded()) {
        uniqueProperty(rows, companies.result(), "companyIdProperty", settings.companyIdProperty(),
            settings.autoCreateCompanyIdProperty());
      } else {
        unreadable(rows, "company properties", companies.cause());
      }
      if (events.succeeded()) {
        eventChecks(rows, events.result());
      } else {
        unreadable(rows, "custom event definitions", events.cause());
      }
      return Future.succeededFuture(rows);
    });
  }

  private static void uniqueProperty(List<Map<String, Object>> rows, ObjectSchema schema, String setting, String name,
      boolean createdWhenMissing) {
    PropertyDefinition p = schema.get(name);
    String object = schema.objectType().equals("companies") ? "company" : "contact";
    if (p == null) {
      rows.add(row(setting, name, createdWhenMissing ? "will be created" : "missing", createdWhenMissing
          ? "The " + object + " property " + name + " (" + setting + ") does not exist yet; the first group call creates it."
          : "The " + object + " property " + name + " (" + setting + ") does not exist in HubSpot: create it as a unique "
              + "text property, or change " + setting + "."));
    } else if (!p.hasUniqueValue() && !name.equals("email")) {
      rows.add(row(setting, name, "not unique", "The " + object + " property " + name + " (" + setting + ") exists but "
          + "is not unique, so HubSpot cannot upsert by it: use a property that requires unique values."));
    } else {
      rows.add(row(setting, name, "ok", null));
    }
  }

  private void eventChecks(List<Map<String, Object>> rows, EventDefinitions defs) {
    boolean creates = settings.autoCreateEventDefinitions();
    Map<String, String> named = new LinkedHashMap<>();
    settings.eventMappings().forEach((from, mapping) -> named.put(mapping.name(), "eventMappings[\"" + from + "\"]"));
    if (settings.pageEventName() != null) named.putIfAbsent(settings.pageEventName(), "pageEventName");
    if (settings.screenEventName() != null) named.putIfAbsent(settings.screenEventName(), "screenEventName");
    for (Map.Entry<String, String> e : named.entrySet()) {
      EventDefinition def = defs.get(e.getKey());
      if (def == null) {
        rows.add(row(e.getValue(), e.getKey(), creates ? "will be created" : "missing", creates
            ? "The custom event " + e.getKey() + " does not exist yet; the first such event creates it (autoCreateEventDefinitions)."
            : "The custom event " + e.getKey() + " (" + e.getValue() + ") is not defined in HubSpot: such events are dropped "
                + "with EVENT_DEFINITION_NOT_FOUND. Define it in HubSpot, or turn on autoCreateEventDefinitions."));
        continue;
      }
      rows.add(row(e.getValue(), e.getKey(), "ok", null));
      settings.eventMappings().values().stream().filter(m -> m.name().equals(e.getKey())).findFirst().ifPresent(m -> {
        for (String target : m.properties().values()) {
          if (def.properties().containsKey(target)) continue;
          rows.add(row(e.getValue() + ".properties", e.getKey() + "." + target, creates ? "will be created" : "missing",
              "The custom event " + e.getKey() + " has no property " + target + (creates ? "; it is created when first sent."
                  : ": the value mapped to it is dropped (EVENT_PROPERTY_UNKNOWN). Add the property to the event in HubSpot.")));
        }
      });
    }
  }

  private static void unreadable(List<Map<String, Object>> rows, String what, Throwable cause) {
    String why = cause instanceof PortalSchemas.SchemaUnavailable su ? su.error.describe() : String.valueOf(cause.getMessage());
    rows.add(row(what, null, "unreadable", "HubSpot did not let the destination read its " + what + ": " + why));
  }

  private static Map<String, Object> row(String setting, String name, String status, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("setting", setting);
    m.put("name", name);
    m.put("status", status);
    if (detail != null) m.put("detail", detail);
    return m;
  }
}
