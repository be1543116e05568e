package io.hsdest.hubspot;

/**
 * The version segment per HubSpot endpoint family. {@code v3}/{@code v4} give the classic paths
 * ({@code /crm/v3/objects/contacts}); a date version such as {@code 2026-03} gives HubSpot's
 * date-versioned paths ({@code /crm/objects/2026-03/contacts}), so one family can move at a time.
 */
public record ApiVersions(String crmObjects, String crmProperties, String associations, String events, String lists) {

  public static final ApiVersions DEFAULT = new ApiVersions("v3", "v3", "v4", "v3", "v3");

  String objects(String objectType, String rest) {
    return classic(crmObjects) ? "/crm/" + crmObjects + "/objects/" + objectType + rest
        : "/crm/objects/" + crmObjects + "/" + objectType + rest;
  }

  String properties(String objectType, String rest) {
    return classic(crmProperties) ? "/crm/" + crmProperties + "/properties/" + objectType + rest
        : "/crm/properties/" + crmProperties + "/" + objectType + rest;
  }

  String associations(String from, String to, String rest) {
    return classic(associations) ? "/crm/" + associations + "/associations/" + from + "/" + to + rest
        : "/crm/associations/" + associations + "/" + from + "/" + to + rest;
  }

  String events(String rest) {
    return "/events/" + events + rest;
  }

  String lists(String rest) {
    return classic(lists) ? "/crm/" + lists + "/lists" + rest : "/crm/lists/" + lists + rest;
  }

  /** The legacy email API (campaigns, events) has no versions but its own. */
  String email(String rest) {
    return "/email/public/v1" + rest;
  }

  private static boolean classic(String version) {
    return version.startsWith("v");
  }
}
