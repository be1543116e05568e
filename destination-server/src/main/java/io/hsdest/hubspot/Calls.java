package io.hsdest.hubspot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the calls the destination makes, one method per HubSpot operation, with paths from the
 * configured {@link ApiVersions}. References: hubspot-api.md sections 4-8.
 */
public final class Calls {
  private final ApiVersions v;

  public Calls(ApiVersions versions) {
    this.v = versions;
  }

  /** {@code POST /crm/v3/objects/{contacts|companies}/batch/upsert}: inputs carry idProperty, id, properties. */
  public HubSpotCall upsert(String objectType, Object body) {
    return new HubSpotCall(objectType.equals("contacts") ? Endpoint.CONTACTS_UPSERT : Endpoint.COMPANIES_UPSERT,
        "POST", v.objects(objectType, "/batch/upsert"), body);
  }

  /** {@code POST .../batch/update} by record id. */
  public HubSpotCall update(String objectType, Object body) {
    return new HubSpotCall(objectType.equals("contacts") ? Endpoint.CONTACTS_UPDATE : Endpoint.COMPANIES_UPDATE,
        "POST", v.objects(objectType, "/batch/update"), body);
  }

  /**
   * {@code POST .../batch/read}: these records with these properties, by record id or, when
   * {@code idProperty} is not null, by that unique property.
   */
  public HubSpotCall read(String objectType, String idProperty, List<String> properties, List<String> ids) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (idProperty != null) body.put("idProperty", idProperty);
    body.put("properties", properties);
    List<Map<String, Object>> inputs = new ArrayList<>(ids.size());
    for (String id : ids) inputs.add(Map.of("id", id));
    body.put("inputs", inputs);
    return new HubSpotCall(objectType.equals("contacts") ? Endpoint.CONTACTS_READ : Endpoint.COMPANIES_READ,
        "POST", v.objects(objectType, "/batch/read"), body);
  }

  /**
   * {@code POST /crm/v3/objects/contacts/batch/create}: inputs carry properties (and an {@code objectWriteTraceId}
   * each, so that HubSpot answers a refused input on its own instead of failing the batch).
   */
  public HubSpotCall createContacts(Object body) {
    return new HubSpotCall(Endpoint.CONTACTS_CREATE, "POST", v.objects("contacts", "/batch/create"), body);
  }

  /** {@code POST /crm/v3/objects/companies/search}: its own 5-per-second limit. */
  public HubSpotCall searchCompanies(Object body) {
    return new HubSpotCall(Endpoint.COMPANIES_SEARCH, "POST", v.objects("companies", "/search"), body);
  }

  /** {@code GET /crm/v3/objects/contacts?limit=1}: HubSpot's own connection test. */
  public HubSpotCall probe() {
    return new HubSpotCall(Endpoint.CONTACTS_PROBE, "GET", v.objects("contacts", "?limit=1"), null);
  }

  public HubSpotCall readProperties(String objectType) {
    return new HubSpotCall(Endpoint.PROPERTIES_READ, "GET", v.properties(objectType, ""), null);
  }

  public HubSpotCall createProperty(String objectType, Map<String, Object> body) {
    return new HubSpotCall(Endpoint.PROPERTIES_CREATE, "POST", v.properties(objectType, ""), body);
  }

  /** v4 default (unlabelled) associations, e.g. contacts to companies. */
  public HubSpotCall associateDefault(String from, String to, Object body) {
    return new HubSpotCall(Endpoint.ASSOCIATIONS_DEFAULT, "POST", v.associations(from, to, "/batch/associate/default"), body);
  }

  /** v4 labelled associations with explicit association types. */
  public HubSpotCall associateLabelled(String from, String to, Object body) {
    return new HubSpotCall(Endpoint.ASSOCIATIONS_CREATE, "POST", v.associations(from, to, "/batch/create"), body);
  }

  public HubSpotCall sendEvent(Object body) {
    return new HubSpotCall(Endpoint.EVENTS_SEND, "POST", v.events("/send"), body);
  }

  public HubSpotCall sendEvents(Object body) {
    return new HubSpotCall(Endpoint.EVENTS_SEND_BATCH, "POST", v.events("/send/batch"), body);
  }

  public HubSpotCall readEventDefinitions(String after) {
    String q = "?includeProperties=true&limit=100" + (after == null ? "" : "&after=" + enc(after));
    return new HubSpotCall(Endpoint.EVENT_DEFINITIONS_READ, "GET", v.events("/event-definitions" + q), null);
  }

  public HubSpotCall createEventDefinition(Map<String, Object> body) {
    return new HubSpotCall(Endpoint.EVENT_DEFINITIONS_CREATE, "POST", v.events("/event-definitions"), body);
  }

  public HubSpotCall createEventProperty(String eventName, Map<String, Object> body) {
    return new HubSpotCall(Endpoint.EVENT_PROPERTY_CREATE, "POST", v.events("/event-definitions/" + enc(eventName) + "/property"), body);
  }

  public HubSpotCall listByName(String name) {
    return new HubSpotCall(Endpoint.LISTS_BY_NAME, "GET", v.lists("/object-type-id/0-1/name/" + enc(name)), null);
  }

  public HubSpotCall createList(Map<String, Object> body) {
    return new HubSpotCall(Endpoint.LISTS_CREATE, "POST", v.lists(""), body);
  }

  /** {@code GET /crm/v3/lists/{listId}}: the list with its name, processing type, creation time and size. */
  public HubSpotCall listById(String listId) {
    return new HubSpotCall(Endpoint.LISTS_READ, "GET", v.lists("/" + enc(listId)), null);
  }

  /** {@code GET /crm/v3/lists/{listId}/memberships}: one page of members in record id order, from {@code after}. */
  public HubSpotCall listMembers(String listId, String after) {
    String q = "?limit=" + Endpoint.LISTS_MEMBERSHIPS_READ.maxInputs + (after == null ? "" : "&after=" + enc(after));
    return new HubSpotCall(Endpoint.LISTS_MEMBERSHIPS_READ, "GET", v.lists("/" + enc(listId) + "/memberships" + q), null);
  }

  public HubSpotCall addAndRemove(String listId, Object body) {
    return new HubSpotCall(Endpoint.LISTS_MEMBERSHIPS, "PUT", v.lists("/" + enc(listId) + "/memberships/add-and-remove"), body);
  }

  /**
   * {@code GET /email/public/v1/events}: the portal's marketing email events with
   * {@code start <= created <= end} (epoch ms, both inclusive), newest first, {@code limit} per page (at most
   * 1,000); {@code eventType} (null = all) and {@code offset} (null = first page) as HubSpot takes them
   * (hubspot-api.md section 9). The offset token is only valid with the same other parameters.
   */
  public HubSpotCall emailEvents(Long start, Long end, String eventType, String offset, int limit) {
    StringBuilder q = new StringBuilder("/events?limit=").append(limit);
    if (start != null) q.append("&startTimestamp=").append(start);
    if (end != null) q.append("&endTimestamp=").append(end);
    if (eventType != null) q.append("&eventType=").append(enc(eventType));
    if (offset != null) q.append("&offset=").append(enc(offset));
    return new HubSpotCall(Endpoint.EMAIL_EVENTS, "GET", v.email(q.toString()), null);
  }

  /** {@code POST /crm/v3/objects/{type}/search} for any object type (the search API's own 5/s limit). */
  public HubSpotCall search(String objectType, Object body) {
    return new HubSpotCall(Endpoint.CRM_SEARCH, "POST", v.objects(objectType, "/search"), body);
  }

  /**
   * {@code GET /crm/v3/objects/{type}?limit=100[&archived=true][&after=]}: the paged list by id; with
   * {@code archived} only archived records (with {@code archivedAt}).
   */
  public HubSpotCall list(String objectType, boolean archived, String after) {
    String q = "?limit=100" + (archived ? "&archived=true" : "") + (after == null ? "" : "&after=" + enc(after));
    return new HubSpotCall(Endpoint.CRM_LIST, "GET", v.objects(objectType, q), null);
  }

  /** {@code POST /crm/v4/associations/{from}/{to}/batch/read}: up to 1,000 record ids. */
  public HubSpotCall readAssociations(String from, String to, List<String> ids) {
    List<Map<String, Object>> inputs = new ArrayList<>(ids.size());
    for (String id : ids) inputs.add(Map.of("id", id));
    return new HubSpotCall(Endpoint.ASSOCIATIONS_READ, "POST", v.associations(from, to, "/batch/read"),
        Map.of("inputs", inputs));
  }

  /** {@code POST /crm/v3/lists/search}. */
  public HubSpotCall searchLists(Object body) {
    return new HubSpotCall(Endpoint.LISTS_SEARCH, "POST", v.lists("/search"), body);
  }

  /** {@code GET /crm/v3/lists/{listId}/memberships?limit=250[&after=]}. */
  public HubSpotCall readMemberships(String listId, String after) {
    String q = "?limit=250" + (after == null ? "" : "&after=" + enc(after));
    return new HubSpotCall(Endpoint.LISTS_MEMBERSHIPS_READ, "GET", v.lists("/" + enc(listId) + "/memberships" + q), null);
  }

  /** {@code GET /email/public/v1/campaigns/by-id?limit=1000[&offset=]}. */
  public HubSpotCall emailCampaignIds(String offset) {
    String q = "?limit=1000" + (offset == null ? "" : "&offset=" + enc(offset));
    return new HubSpotCall(Endpoint.EMAIL_CAMPAIGNS_LIST, "GET", v.email("/campaigns/by-id" + q), null);
  }

  /** {@code GET /email/public/v1/campaigns/{campaignId}}. */
  public HubSpotCall emailCampaign(String campaignId) {
    return new HubSpotCall(Endpoint.EMAIL_CAMPAIGN_READ, "GET", v.email("/campaigns/" + enc(campaignId)), null);
  }

  /**
   * {@code POST /oauth/v2/private-apps/get/access-token-info}: the token's portal, app and scopes. The body,
   * {@code {"tokenKey": <token>}}, is written by the client that holds the token, never by the caller.
   */
  public HubSpotCall tokenInfo() {
    return new HubSpotCall(Endpoint.TOKEN_INFO, "POST", "/oauth/v2/private-apps/get/access-token-info", null);
  }

  /** {@code GET /account-info/v3/details}: portal id, time zone, {@code dataHostingLocation}, {@code uiDomain}. */
  public HubSpotCall accountDetails() {
    return new HubSpotCall(Endpoint.ACCOUNT_DETAILS, "GET", "/account-info/v3/details", null);
  }

  /** {@code GET /account-info/v3/api-usage/daily/private-apps}: the day's calls and the daily limit. */
  public HubSpotCall dailyUsage() {
    return new HubSpotCall(Endpoint.DAILY_USAGE, "GET", "/account-info/v3/api-usage/daily/private-apps", null);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
