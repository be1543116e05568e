package io.hsdest.emailevents;

import java.util.Locale;

/**
 * HubSpot's marketing email event types (seed 001, hubspot-api.md section 9) and the names each gets in the
 * analytics tools: Segment's email spec where it has one ({@code Email Delivered}, {@code Email Opened},
 * {@code Email Link Clicked}, {@code Email Bounced}, {@code Email Marked as Spam}, {@code Unsubscribed}), the same
 * "Email + past tense" form for the rest; and Amplitude's own HubSpot import names ({@code [HubSpot] EMAIL_SENT}
 * and so on, seed 000), in the same form for the three types that import leaves out.
 */
enum EmailEventType {
  SENT("Email Sent", "EMAIL_SENT"),
  DROPPED("Email Dropped", "EMAIL_DROPPED"),
  PROCESSED("Email Processed", "EMAIL_PROCESSED"),
  DELIVERED("Email Delivered", "EMAIL_DELIVERED"),
  DEFERRED("Email Deferred", "EMAIL_DEFERRED"),
  BOUNCE("Email Bounced", "EMAIL_BOUNCE"),
  OPEN("Email Opened", "EMAIL_OPEN"),
  CLICK("Email Link Clicked", "EMAIL_CLICK"),
  PRINT("Email Printed", "EMAIL_PRINT"),
  FORWARD("Email Forwarded", "EMAIL_FORWARD"),
  /** Named by what changed: {@code Unsubscribed} when the recipient left a subscription or the portal. */
  STATUSCHANGE("Email Subscription Changed", "EMAIL_STATUS_CHANGE"),
  SPAMREPORT("Email Marked as Spam", "EMAIL_SPAM_REPORT"),
  SUPPRESSED("Email Suppressed", "EMAIL_SUPPRESSED"),
  /** Not about a message and without a recipient (its {@code user} is the HubSpot user who asked): never sent. */
  UNBOUNCE(null, null);

  /** Segment's name for a STATUSCHANGE that unsubscribes (the email spec's {@code Unsubscribed}). */
  static final String UNSUBSCRIBED = "Unsubscribed";

  private final String segmentName;
  private final String amplitudeName;

  EmailEventType(String segmentName, String amplitudeName) {
    this.segmentName = segmentName;
    this.amplitudeName = amplitudeName == null ? null : "[HubSpot] " + amplitudeName;
  }

  String segmentName() {
    return segmentName;
  }

  String amplitudeName() {
    return amplitudeName;
  }

  /** Whether an event of this type names a recipient, the identity every sink needs. */
  boolean hasRecipient() {
    return this != UNBOUNCE;
  }

  /** A type as written in the settings: HubSpot's name, or {@code SUPPRESSION}, the documentation's other spelling. */
  static EmailEventType setting(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    return n.equals("SUPPRESSION") ? SUPPRESSED : valueOf(n);
  }

  /** The type of an event HubSpot answered, or null for one this export does not know (HubSpot has more). */
  static EmailEventType of(String hubspotType) {
    if (hubspotType == null) return null;
    try {
      return valueOf(hubspotType);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }
}
