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

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
