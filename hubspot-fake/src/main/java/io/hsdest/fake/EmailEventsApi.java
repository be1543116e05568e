package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The legacy email events API (hubspot-api.md section 9; scope {@code content}; standard rate limits):
 * {@code GET /email/public/v1/events} answers the portal's events newest first, filtered by {@code startTimestamp} and
 * {@code endTimestamp} (epoch ms, both inclusive), {@code eventType} (case-sensitive), {@code recipient},
 * {@code campaignId}, {@code appId} and {@code excludeFilteredEvents}, {@code limit} of them (default 10, at most 1000),
 * with {@code hasMore} and an opaque, short-lived {@code offset} token valid only for the same query (offset and limit
 * aside). Events become visible at their {@code visibleAt}, so a late event can appear inside a time range that was
 * already read. {@code GET /email/public/v1/events/{created}/{id}} answers one event.
 */
final class EmailEventsApi {
  /** HubSpot's own enumeration, in the order its deserialization error lists it (hubspot-api-python #413). */
  static final List<String> EVENT_TYPES = List.of("DROPPED", "UNBOUNCE", "STATUSCHANGE", "DELIVERED", "FORWARD",
      "BOUNCE", "REPLY", "PRINT", "PROCESSED", "UNSUBSCRIBED", "SUPPRESSED", "CLICK_ON_IDENTIFIED_LINK", "SENT",
      "SELECTED", "SPAMREPORT", "OPT_IN_CHANGE", "DEFERRED", "ERROR", "OPEN", "MTA_DROPPED", "CLICK");
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 1000;
  static final String EXPIRED_OFFSET = "The offset is invalid or has expired. Offsets are short-lived and only valid "
      + "with the query parameters that returned them; repeat the query without an offset.";

  /** The parameters a token is bound to (all of them except offset and limit). */
  private static final List<String> QUERY_KEYS = List.of("appId", "campaignId", "recipient", "eventType",
      "startTimestamp", "endTimestamp", "excludeFilteredEvents");

  void register(ApiRoutes r) {
    var content = ApiRoutes.family(ApiFamily.CONTENT);
    r.get("/email/public/v1/events", content, this::events);
    r.get("/email/public/v1/events/:created/:id", content, this::one);
  }

  private Reply events(Exchange x) {
    int limit = ObjectReads.intQuery(x, "limit", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw Envelopes.validation("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    String type = x.query("eventType");
    if (type != null && !EVENT_TYPES.contains(type)) {
      throw unknownEventType(type);
    }
    long start = longQuery(x, "startTimestamp", Long.MIN_VALUE);
    long end = longQuery(x, "endTimestamp", Long.MAX_VALUE);
    Long appId = x.query("appId") == null ? null : longQuery(x, "appId", 0);
    Long campaignId = x.query("campaignId") == null ? null : longQuery(x, "campaignId", 0);
    String recipient = x.query("recipient");
    boolean excludeFiltered = Boolean.parseBoolean(x.query("excludeFilteredEvents"));

    String query = signature(x);
    long now = x.receivedAt;
    EmailEventLog log = x.portal.emailEvents;
    EmailEventLog.Key after = null;
    String offset = x.query("offset");
    if (offset != null) {
      EmailEventLog.Position p = log.resolve(offset, query, now);
      if (p == null) {
        throw Envelopes.validation(EXPIRED_OFFSET);
      }
      after = p.last();
    }

    JsonArray page = new JsonArray();
    EmailEventLog.Key last = null;
    boolean more = false;
    for (Iterator<EmailEventLog.Stored> it = log.newestFirst(start, end, after); it.hasNext(); ) {
      EmailEventLog.Stored s = it.next();
      JsonObject e = s.event();
      if (s.visibleAt() > now
          || (type != null && !type.equals(e.getString("type")))
          || (recipient != null && !recipient.equalsIgnoreCase(e.getString("recipient", "")))
          || (campaignId != null && !campaignId.equals(e.getLong("emailCampaignId")))
          || (appId != null && !appId.equals(e.getLong("appId")))
          || (excludeFiltered && e.getBoolean("filteredEvent", false))) {
        continue;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(e.copy());
      last = new EmailEventLog.Key(e.getLong("created"), e.getString("id"));
    }
    JsonObject body = new JsonObject().put("events", page).put("hasMore", more);
    if (more) {
      body.put("offset", log.token(query, last, now, x.config.emailEventsOffsetTtlMs()));
    }
    return Reply.json(200, body);
  }

  private Reply one(Exchange x) {
    long created = longParam(x.param("created"));
    String id = x.param("id");
    for (Iterator<EmailEventLog.Stored> it = x.portal.emailEvents.newestFirst(created, created, null); it.hasNext(); ) {
      EmailEventLog.Stored s = it.next();
      if (s.event().getString("id").equals(id) && s.visibleAt() <= x.receivedAt) {
        return Reply.json(200, s.event().copy());
      }
    }
    throw Envelopes.notFound("resource not found");
  }

  /** HubSpot's answer to an eventType outside its enumeration: a Jackson message, and no category. */
  static ApiError unknownEventType(String type) {
    JsonObject body = new JsonObject().put("status", "error")
        .put("message", "Invalid input JSON on line -1, column -1: Cannot deserialize value of type "
            + "`com.hubspot.email.events.EventType` from String \"" + type + "\": not one of the values accepted for "
            + "Enum class: [" + String.join(", ", EVENT_TYPES) + "]")
        .putNull("correlationId");
    return new ApiError(Reply.json(400, body));
  }

  private static String signature(Exchange x) {
    Map<String, String> q = new TreeMap<>();
    for (String k : QUERY_KEYS) {
      String v = x.query(k);
      if (v != null) {
        q.put(k, k.equals("recipient") ? v.toLowerCase(Locale.ROOT) : v);
      }
    }
    return q.toString();
  }

  private static long longQuery(Exchange x, String name, long fallback) {
    String v = x.query(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw Envelopes.validation("Invalid '" + name + "' value: " + v);
    }
  }

  private static long longParam(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw Envelopes.notFound("resource not found");
    }
  }
}
