package io.hsdest.fake;

import java.util.List;

/**
 * Endpoint families, each guarded by HubSpot scopes. {@link FakeHubSpot#denyScopes} takes these away from a token
 * so its calls answer 403 MISSING_SCOPES (hubspot-api.md section 1, scope list per operation from the spec).
 */
public enum ApiFamily {
  CONTACTS("crm.objects.contacts.read", "crm.objects.contacts.write"),
  COMPANIES("crm.objects.companies.read", "crm.objects.companies.write"),
  CONTACT_SCHEMAS("crm.schemas.contacts.read", "crm.schemas.contacts.write"),
  COMPANY_SCHEMAS("crm.schemas.companies.read", "crm.schemas.companies.write"),
  DEALS("crm.objects.deals.read", "crm.objects.deals.write"),
  DEAL_SCHEMAS("crm.schemas.deals.read", "crm.schemas.deals.write"),
  ASSOCIATIONS("crm.objects.contacts.write", "crm.objects.companies.write"),
  EVENTS_SEND("analytics.behavioral_events.send"),
  EVENT_DEFINITIONS("behavioral_events.event_definitions.read_write"),
  LISTS("crm.lists.read", "crm.lists.write"),
  /** Account details and daily usage: HubSpot asks only for {@code oauth}, which every token has. */
  ACCOUNT_INFO("oauth"),
  /** The legacy email events API (hubspot-api.md sections 1 and 9). */
  CONTENT("content");

  private final List<String> requiredScopes;

  ApiFamily(String... scopes) {
    this.requiredScopes = List.of(scopes);
  }

  /** The scopes named in the 403 body's {@code context.requiredGranularScopes}. */
  public List<String> requiredScopes() {
    return requiredScopes;
  }
}
