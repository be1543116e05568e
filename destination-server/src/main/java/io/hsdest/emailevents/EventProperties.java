package io.hsdest.emailevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The properties an exported email event carries, the same names for every sink (interface.md part 2; the names of
 * Segment's email spec where it has one: {@code campaign_id}, {@code email_subject}, {@code link_url},
 * {@code list_id}). Strings are cut to {@code maxText} characters so that one event stays within the sinks' size
 * limits; HubSpot's SMTP responses and drop messages can be long.
 *
 * <table>
 *   <caption>HubSpot field to property</caption>
 *   <tr><td>id, type</td><td>hubspot_event_id, hubspot_event_type</td></tr>
 *   <tr><td>portalId, appId, appName, emailCampaignId</td><td>portal_id, app_id, app_name, campaign_id</td></tr>
 *   <tr><td>subject, from</td><td>email_subject, email_from</td></tr>
 *   <tr><td>url, referer (CLICK)</td><td>link_url, referrer</td></tr>
 *   <tr><td>category, status (BOUNCE)</td><td>bounce_category, bounce_status</td></tr>
 *   <tr><td>dropReason, dropMessage (DROPPED)</td><td>drop_reason, drop_message</td></tr>
 *   <tr><td>response, smtpId, attempt</td><td>smtp_response, smtp_id, delivery_attempt</td></tr>
 *   <tr><td>duration (OPEN), filteredEvent, userAgent</td><td>open_duration_ms, filtered_event, user_agent</td></tr>
 *   <tr><td>browser, location</td><td>browser {name, family, version, type, producer}, location {city, state,
 *       country, latitude, longitude}</td></tr>
 *   <tr><td>source, requestedBy, portalSubscriptionStatus, subscriptions (STATUSCHANGE)</td><td>subscription_source,
 *       requested_by, portal_subscription_status, subscriptions [{id, status}], list_id (one subscription)</td></tr>
 *   <tr><td>sentBy, obsoletedBy, causedBy</td><td>sent_by, obsoleted_by, caused_by: {id, created}</td></tr>
 * </table>
 */
final class EventProperties {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_SUBSCRIPTIONS = 100;

  private EventProperties() {}

  static ObjectNode of(EmailEvent e, int maxText) {
    ObjectNode p = JSON.objectNode();
    JsonNode j = e.json();
    p.put("hubspot_event_id", e.eventId().id());
    p.put("hubspot_event_type", e.hubspotType());
    text(p, "portal_id", j.get("portalId"), maxText);
    text(p, "app_id", j.get("appId"), maxText);
    text(p, "app_name", j.get("appName"), maxText);
    text(p, "campaign_id", j.get("emailCampaignId"), maxText);
    text(p, "email_subject", j.get("subject"), maxText);
    text(p, "email_from", j.get("from"), maxText);
    text(p, "link_url", j.get("url"), maxText);
    text(p, "referrer", j.get("referer"), maxText);
    text(p, "bounce_category", j.get("category"), maxText);
    text(p, "bounce_status", j.get("status"), maxText);
    text(p, "drop_reason", j.get("dropReason"), maxText);
    text(p, "drop_message", j.get("dropMessage"), maxText);
    text(p, "smtp_response", j.get("response"), maxText);
    text(p, "smtp_id", j.get("smtpId"), maxText);
    number(p, "delivery_attempt", j.get("attempt"));
    number(p, "open_duration_ms", j.get("duration"));
    if (j.path("filteredEvent").isBoolean()) p.put("filtered_event", j.get("filteredEvent").asBoolean());
    text(p, "user_agent", j.get("userAgent"), maxText);
    JsonNode browser = j.get("browser");
    if (browser != null && browser.isObject()) {
      ObjectNode b = JSON.objectNode();
      text(b, "name", browser.get("name"), maxText);
      text(b, "family", browser.get("family"), maxText);
      text(b, "version", firstOf(browser.get("version")), maxText);
      text(b, "type", browser.get("type"), maxText);
      text(b, "producer", browser.get("producer"), maxText);
      if (!b.isEmpty()) p.set("browser", b);
    }
    JsonNode location = j.get("location");
    if (location != null && location.isObject()) {
      ObjectNode l = JSON.objectNode();
      text(l, "city", location.get("city"), maxText);
      text(l, "state", location.get("state"), maxText);
      text(l, "country", location.get("country"), maxText);
      number(l, "latitude", location.get("latitude"));
      number(l, "longitude", location.get("longitude"));
      if (!l.isEmpty()) p.set("location", l);
    }
    text(p, "subscription_source", j.get("source"), maxText);
    text(p, "requested_by", j.get("requestedBy"), maxText);
    text(p, "portal_subscription_status", j.get("portalSubscriptionStatus"), maxText);
    JsonNode subscriptions = j.get("subscriptions");
    if (subscriptions != null && subscriptions.isArray() && !subscriptions.isEmpty()) {
      ArrayNode out = p.putArray("subscriptions");
      for (JsonNode s : subscriptions) {
        if (out.size() == MAX_SUBSCRIPTIONS) break;
        ObjectNode o = out.addObject();
        text(o, "id", s.get("id"), maxText);
        text(o, "status", s.get("status"), maxText);
      }
      if (subscriptions.size() == 1) text(p, "list_id", subscriptions.get(0).get("id"), maxText);
    }
    reference(p, "sent_by", j.get("sentBy"), maxText);
    reference(p, "obsoleted_by", j.get("obsoletedBy"), maxText);
    reference(p, "caused_by", j.get("causedBy"), maxText);
    return p;
  }

  /** Whether a STATUSCHANGE takes the recipient off the portal's mail or off a subscription. */
  static boolean unsubscribes(EmailEvent e) {
    if ("UNSUBSCRIBED".equals(e.text("portalSubscriptionStatus"))) return true;
    for (JsonNode s : e.json().path("subscriptions")) {
      if ("UNSUBSCRIBED".equals(s.path("status").asText())) return true;
    }
    return false;
  }

  private static void reference(ObjectNode p, String name, JsonNode ref, int maxText) {
    if (ref == null || !ref.isObject() || !ref.hasNonNull("id")) return;
    ObjectNode r = p.putObject(name);
    text(r, "id", ref.get("id"), maxText);
    number(r, "created", ref.get("created"));
  }

  private static JsonNode firstOf(JsonNode v) {
    return v != null && v.isArray() ? (v.isEmpty() ? null : v.get(0)) : v;
  }

  private static void text(ObjectNode o, String name, JsonNode v, int maxText) {
    if (v == null || v.isNull() || v.isContainerNode()) return;
    String t = v.asText();
    if (t.isEmpty()) return;
    o.put(name, t.length() > maxText ? t.substring(0, maxText) : t);
  }

  private static void number(ObjectNode o, String name, JsonNode v) {
    if (v != null && v.isNumber()) o.set(name, v);
  }
}
