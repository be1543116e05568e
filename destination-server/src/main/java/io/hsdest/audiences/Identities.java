package io.hsdest.audiences;

import io.hsdest.mapping.Emails;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges candidates by the destination's settings: each becomes a usable {@link Member} or a {@link Dropped} with
 * its reason. Emails follow the project's one email rule ({@link Emails}). A member named twice counts once.
 */
final class Identities {
  private static final int MAX_RECORD_ID_DIGITS = 18;

  private final AudienceSettings settings;

  Identities(AudienceSettings settings) {
    this.settings = settings;
  }

  /** Members and the candidates dropped already, in request order. */
  record Judged(List<Member> members, List<Dropped> dropped) {}

  Judged judge(List<Candidate> candidates) {
    Map<String, Member> members = new LinkedHashMap<>();
    List<Dropped> dropped = new ArrayList<>();
    for (Candidate c : candidates) {
      Object verdict = judge(c);
      if (verdict instanceof Member m) members.putIfAbsent(m.identity() + ":" + m.value(), m);
      else dropped.add((Dropped) verdict);
    }
    return new Judged(new ArrayList<>(members.values()), dropped);
  }

  private Object judge(Candidate c) {
    if (c.field() == null) return new Dropped(c.given(), c.index(), "NO_IDENTIFIER", "the member names no email, userId or contactId");
    Identity identity = c.identity() != null ? c.identity() : settings.cohortIdentity();
    String value = c.value() == null ? "" : c.value().trim();
    Map<String, Object> given = new LinkedHashMap<>();
    given.put(c.field(), c.value());
    switch (identity) {
      case EMAIL -> {
        String email = Emails.normalise(value);
        if (!Emails.isValid(email)) {
          String alt = Emails.normalise(c.altEmail());
          if (Emails.isValid(alt)) return new Member(Identity.EMAIL, alt, "user_properties.email", c.index());
        }
        if (email == null) return new Dropped(given, c.index(), "NO_IDENTIFIER", "the " + c.field() + " is empty");
        if (!Emails.isValid(email)) return new Dropped(given, c.index(), "INVALID_EMAIL", "\"" + value + "\" is not an email address");
        return new Member(Identity.EMAIL, email, c.field(), c.index());
      }
      case USER_ID -> {
        if (value.isEmpty()) return new Dropped(given, c.index(), "NO_IDENTIFIER", "the " + c.field() + " is empty");
        if (settings.userIdProperty() == null) {
          return new Dropped(given, c.index(), "USER_ID_PROPERTY_NOT_SET",
              "members by userId need the userIdProperty setting (the unique contact property that stores userIds)");
        }
        return new Member(Identity.USER_ID, value, c.field(), c.index());
      }
      default -> {
        if (value.isEmpty()) return new Dropped(given, c.index(), "NO_IDENTIFIER", "the " + c.field() + " is empty");
        if (!isRecordId(value)) {
          return new Dropped(given, c.index(), "INVALID_CONTACT_ID", "\"" + value + "\" is not a HubSpot record id (digits)");
        }
        return new Member(Identity.CONTACT_ID, value, c.field(), c.index());
      }
    }
  }

  static boolean isRecordId(String s) {
    if (s.isEmpty() || s.length() > MAX_RECORD_ID_DIGITS) return false;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  /** The values of members of one identity, in order, once each. */
  static List<String> values(List<Member> members, Identity identity) {
    Set<String> out = new LinkedHashSet<>();
    for (Member m : members) if (m.identity() == identity) out.add(m.value());
    return new ArrayList<>(out);
  }
}
