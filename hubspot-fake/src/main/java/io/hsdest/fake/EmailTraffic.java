package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic marketing email traffic for seeding the fake's email events API: messages that are sent, processed,
 * deferred, delivered, bounced, dropped, suppressed, opened, clicked, printed, forwarded, reported as spam or that
 * change subscriptions, with HubSpot's per-type fields (hubspot-api.md section 9, the Email Events API overview) and
 * their references: later events of a message point at its SENT event ({@code sentBy}), a SENT event dropped after
 * the fact points at its DROPPED event ({@code obsoletedBy}), and a drop because of an earlier bounce points at that
 * BOUNCE ({@code causedBy}). The same seed gives the same events.
 *
 * <pre>
 *   List&lt;JsonObject&gt; events = new EmailTraffic(7).events(2500, from, to); // every type, exactly 2,500 events
 *   fake.portal().addEmailEvents(events);
 * </pre>
 */
public final class EmailTraffic {
  /** The event types of each message scenario, cycled through in this order. */
  private static final List<List<String>> SCENARIOS = List.of(
      List.of("SENT", "PROCESSED", "DELIVERED", "OPEN", "CLICK"),
      List.of("SENT", "PROCESSED", "DEFERRED", "DELIVERED", "OPEN", "FORWARD"),
      List.of("SENT", "PROCESSED", "BOUNCE", "UNBOUNCE"),
      List.of("DROPPED"),
      List.of("SENT", "DROPPED"),
      List.of("SENT", "PROCESSED", "DELIVERED", "OPEN", "STATUSCHANGE"),
      List.of("SENT", "PROCESSED", "DELIVERED", "SPAMREPORT"),
      List.of("SUPPRESSED"),
      List.of("SENT", "PROCESSED", "DELIVERED", "OPEN", "PRINT"),
      List.of("SENT", "PROCESSED", "DELIVERED", "OPEN", "CLICK", "CLICK"));
  private static final String[] SUBJECTS = {"Your March product update", "20% off: a token of our appreciation",
      "Webinar: data pipelines without the pain"};
  private static final String[] BOUNCE_CATEGORIES = {"UNKNOWN_USER", "MAILBOX_FULL", "CONTENT", "SPAM", "POLICY",
      "GREYLISTING", "MAILBOX_MISCONFIGURATION", "ISP_MISCONFIGURATION", "DOMAIN_REPUTATION", "DMARC",
      "SENDING_DOMAIN_MISCONFIGURATION", "TIMEOUT", "THROTTLED", "UNCATEGORIZED", "IP_REPUTATION", "DNS_FAILURE",
      "TEMPORARY_PROBLEM"};
  private static final String[] DROP_REASONS = {"PREVIOUSLY_BOUNCED", "PREVIOUS_SPAM", "PREVIOUSLY_UNSUBSCRIBED_MESSAGE",
      "PREVIOUSLY_UNSUBSCRIBED_PORTAL", "INVALID_TO_ADDRESS", "INVALID_FROM_ADDRESS", "BLOCKED_DOMAIN",
      "BLOCKED_ADDRESS", "EMAIL_UNCONFIRMED", "CAMPAIGN_CANCELLED", "MTA_IGNORE", "PORTAL_OVER_LIMIT",
      "PORTAL_SUSPENDED", "QUARANTINED_ADDRESS", "ADDRESS_LIST_BOMBED"};
  private static final String[][] PLACES = {{"Boston", "Massachusetts", "United States", "42.36", "-71.06"},
      {"Dublin", "Leinster", "Ireland", "53.35", "-6.26"}, {"Berlin", "Berlin", "Germany", "52.52", "13.40"}};
  private static final String[][] BROWSERS = {
      {"Chrome 120.0.6099.129", "Chrome", "Google Inc.", "https://www.google.com/about/company/", "Browser",
          "https://www.google.com/chrome/", "120.0.6099.129",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
              + "Chrome/120.0.6099.129 Safari/537.36"},
      {"Firefox 121.0", "Firefox", "Mozilla Foundation", "https://www.mozilla.org/", "Browser",
          "https://www.mozilla.org/firefox/", "121.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"},
      {"Outlook 2016", "Outlook", "Microsoft Corporation", "https://www.microsoft.com/", "Email client",
          "https://www.microsoft.com/outlook", "16.0",
          "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.5339; Pro)"}};

  private final Random random;
  private JsonObject lastBounce;

  public EmailTraffic(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Exactly {@code count} events with {@code from <= created <= to}, as whole messages spread evenly over the range
   * (the last message may be cut short). From about 45 events on, every documented type is among them.
   */
  public List<JsonObject> events(int count, long from, long to) {
    if (count < 0 || to < from) {
      throw new IllegalArgumentException("need count >= 0 and from <= to");
    }
    int messages = 0;
    for (int n = 0; n < count; messages++) {
      n += SCENARIOS.get(messages % SCENARIOS.size()).size();
    }
    List<JsonObject> out = new ArrayList<>(count);
    long span = to - from;
    long step = Math.max(1, Math.min(90_000, span / Math.max(1, (long) messages * 8)));
    for (int m = 0; m < messages && out.size() < count; m++) {
      long sentAt = from + (messages == 1 ? 0 : span * m / messages);
      message(SCENARIOS.get(m % SCENARIOS.size()), m, sentAt, step, to, out, count);
    }
    return out;
  }

  /** One event of this type with HubSpot's fields for the type, created at {@code created}, without references. */
  public JsonObject event(String type, String recipient, long created) {
    JsonObject e = new JsonObject().put("id", newId()).put("created", created).put("type", type);
    if (type.equals("UNBOUNCE")) {
      return e.put("user", "admin@" + domain(recipient));
    }
    e.put("recipient", recipient).put("appId", 113).put("appName", "Batch")
        .put("emailCampaignId", 2_000_000L + random.nextInt(3));
    switch (type) {
      case "SENT":
      case "DROPPED":
        e.put("subject", SUBJECTS[random.nextInt(SUBJECTS.length)]).put("from", "Acme Marketing <news@acme.example>")
            .put("replyTo", new JsonArray().add("news@acme.example")).put("cc", new JsonArray())
            .put("bcc", new JsonArray());
        if (type.equals("DROPPED")) {
          String reason = DROP_REASONS[random.nextInt(DROP_REASONS.length)];
          e.put("dropReason", reason).put("dropMessage", "Message dropped: " + reason.toLowerCase().replace('_', ' '));
        }
        break;
      case "DELIVERED":
        e.put("response", "250 2.0.0 OK  " + created / 1000 + " q" + random.nextInt(1_000_000) + " - gsmtp")
            .put("smtpId", "<" + created + "." + random.nextInt(100_000) + "@smtp.hubspotemail.net>");
        break;
      case "DEFERRED":
        e.put("response", "421 4.7.0 Temporary System Problem. Try again later.").put("attempt", 1 + random.nextInt(3));
        break;
      case "BOUNCE":
        e.put("category", BOUNCE_CATEGORIES[random.nextInt(BOUNCE_CATEGORIES.length)])
            .put("response", "550 5.1.1 The email account that you tried to reach does not exist.")
            .put("status", "5.1.1");
        break;
      case "OPEN":
      case "CLICK":
      case "PRINT":
      case "FORWARD":
        engagement(e);
        if (type.equals("OPEN")) {
          e.put("duration", 1000L + random.nextInt(60_000));
        } else if (type.equals("CLICK")) {
          e.put("url", "https://www.acme.example/pricing?utm_source=hs_email&utm_campaign=spring" + random.nextInt(9))
              .put("referer", "");
        }
        break;
      case "STATUSCHANGE":
        boolean all = random.nextBoolean();
        e.put("source", "SOURCE_RECIPIENT").put("portalSubscriptionStatus", all ? "UNSUBSCRIBED" : "SUBSCRIBED")
            .put("subscriptions", new JsonArray().add(new JsonObject().put("id", 4_000_000L + random.nextInt(5))
                .put("status", "UNSUBSCRIBED")));
        break;
      default:
        break;
    }
    return e;
  }

  private void message(List<String> types, int m, long sentAt, long step, long to, List<JsonObject> out, int max) {
    String recipient = "recipient" + m + "@" + (m % 3 == 0 ? "gmail.example" : m % 3 == 1 ? "corp.example" : "mail.example");
    long campaign = 2_000_000L + m % 3;
    JsonObject sent = null;
    long t = sentAt;
    for (String type : types) {
      if (out.size() >= max) {
        return;
      }
      JsonObject e = event(type, recipient, Math.min(t, to));
      if (e.containsKey("emailCampaignId")) {
        e.put("emailCampaignId", campaign);
      }
      if (type.equals("SENT")) {
        sent = e;
      } else if (sent != null && !type.equals("UNBOUNCE")) {
        e.put("sentBy", ref(sent));
        if (type.equals("DROPPED")) {
          e.put("dropReason", "MTA_IGNORE").put("dropMessage", "550 5.7.1 Message rejected by the delivery provider");
          sent.put("obsoletedBy", ref(e)); // a drop after the send makes the SENT event irrelevant
        }
      } else if (type.equals("DROPPED")) {
        if (lastBounce != null) {
          e.put("dropReason", "PREVIOUSLY_BOUNCED").put("dropMessage", "A previous message to this address bounced")
              .put("causedBy", ref(lastBounce));
        }
      }
      if (type.equals("BOUNCE")) {
        lastBounce = e;
      }
      if (m % SCENARIOS.size() == 9 && type.equals("OPEN")) {
        e.put("filteredEvent", true); // a security scanner's open, filtered out of HubSpot's reports
      }
      out.add(e);
      t += step;
    }
  }

  private void engagement(JsonObject e) {
    String[] b = BROWSERS[random.nextInt(BROWSERS.length)];
    String[] p = PLACES[random.nextInt(PLACES.length)];
    e.put("userAgent", b[7])
        .put("browser", new JsonObject().put("name", b[0]).put("family", b[1]).put("producer", b[2])
            .put("producerUrl", b[3]).put("type", b[4]).put("url", b[5]).put("version", new JsonArray().add(b[6])))
        .put("location", new JsonObject().put("city", p[0]).put("state", p[1]).put("country", p[2])
            .put("latitude", Double.parseDouble(p[3])).put("longitude", Double.parseDouble(p[4])))
        .put("filteredEvent", false);
  }

  private static JsonObject ref(JsonObject event) {
    return new JsonObject().put("id", event.getString("id")).put("created", event.getLong("created"));
  }

  private String newId() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private static String domain(String recipient) {
    int at = recipient == null ? -1 : recipient.indexOf('@');
    return at < 0 ? "acme.example" : recipient.substring(at + 1);
  }
}
