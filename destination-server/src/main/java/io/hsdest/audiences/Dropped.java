package io.hsdest.audiences;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A member that is not in the list after the sync, and why: {@code NO_IDENTIFIER}, {@code INVALID_EMAIL},
 * {@code INVALID_CONTACT_ID}, {@code USER_ID_PROPERTY_NOT_SET}, {@code CONTACT_NOT_FOUND}, {@code CONTACT_NOT_CREATED}.
 *
 * @param member the member as the request gave it (its identity field, or the whole object when it had none)
 * @param index its position in its array of the request
 * @param detail HubSpot's own words where HubSpot refused it, or null
 */
record Dropped(Object member, int index, String reason, String detail) {

  static Dropped of(Member m, String reason, String detail) {
    return new Dropped(m.asGiven(), m.index(), reason, detail);
  }

  Map<String, Object> toJson() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("member", member);
    o.put("index", index);
    o.put("reason", reason);
    if (detail != null) o.put("detail", detail);
    return o;
  }
}
