package io.hsdest.mapping;

import io.hsdest.ingest.message.Context;
import io.hsdest.ingest.message.Envelope;
import java.util.List;
import java.util.Map;

/**
 * Who an event occurrence belongs to. HubSpot takes any of email, utk (the browser's
 * {@code hubspotutk} cookie) and objectId (the contact's record id); all that are known are sent.
 * email from {@code properties.email}, {@code context.traits.email}, {@code traits.email};
 * utk from {@code properties.utk}, {@code context.traits.hubspotutk}, {@code context.traits.utk};
 * objectId from {@code context.externalIds} (or, at send time, the contact remembered for the userId).
 */
record EventIdentity(String email, String utk, String objectId, String userId) {

  static final List<String> KEYS = List.of("email", "utk", "hubspotutk");

  static EventIdentity of(Map<String, Object> properties, Map<String, Object> traits, Envelope envelope, List<Warning> warnings) {
    Context context = envelope.context();
    String email = null;
    for (Object candidate : new Object[] {properties.get("email"), context.traits().get("email"), traits.get("email")}) {
      String e = Emails.normalise(candidate);
      if (e == null) continue;
      if (Emails.isValid(e)) {
        email = e;
        break;
      }
      warnings.add(Warning.of(Reason.INVALID_EMAIL, "email", "\"" + ValueCoercion.brief(e) + "\" is not a valid email address; not sent"));
    }
    String utk = firstText(properties.get("utk"), context.traits().get("hubspotutk"), context.traits().get("utk"));
    String objectId = context.externalId(ContactMapping.HUBSPOT_CONTACT_ID);
    return new EventIdentity(email, utk, objectId, envelope.userId());
  }

  boolean isEmpty() {
    return email == null && utk == null && objectId == null && userId == null;
  }

  private static String firstText(Object... values) {
    for (Object v : values) {
      if (v instanceof String s && !Text.trim(s).isEmpty()) return Text.trim(s);
    }
    return null;
  }
}
