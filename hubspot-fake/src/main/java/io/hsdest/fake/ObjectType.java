package io.hsdest.fake;

/** The CRM object types the fake keeps: HubSpot's names, type ids and singular forms (hubspot-api.md sections 4-5). */
enum ObjectType {
  CONTACTS("contacts", "contact", "0-1", "CONTACT", 501, ApiFamily.CONTACTS, ApiFamily.CONTACT_SCHEMAS),
  COMPANIES("companies", "company", "0-2", "COMPANY", 9001, ApiFamily.COMPANIES, ApiFamily.COMPANY_SCHEMAS),
  DEALS("deals", "deal", "0-3", "DEAL", 70001, ApiFamily.DEALS, ApiFamily.DEAL_SCHEMAS);

  final String plural;
  final String singular;
  final String typeId;
  final String upper;
  /** First id handed out; matches the worked vectors in cloud-mode.md (contact 501, company 9001; deals 70001). */
  final long firstId;
  final ApiFamily objectsFamily;
  final ApiFamily schemaFamily;

  ObjectType(String plural, String singular, String typeId, String upper, long firstId, ApiFamily objectsFamily,
             ApiFamily schemaFamily) {
    this.plural = plural;
    this.singular = singular;
    this.typeId = typeId;
    this.upper = upper;
    this.firstId = firstId;
    this.objectsFamily = objectsFamily;
    this.schemaFamily = schemaFamily;
  }

  /** Accepts "contacts", "contact", "0-1" (any case); null if none of ours. */
  static ObjectType parseOrNull(String s) {
    if (s == null) {
      return null;
    }
    for (ObjectType t : values()) {
      if (t.plural.equalsIgnoreCase(s) || t.singular.equalsIgnoreCase(s) || t.typeId.equals(s)) {
        return t;
      }
    }
    return null;
  }

  /** The record noun HubSpot uses in messages such as "Contact already exists". */
  String noun() {
    return Character.toUpperCase(singular.charAt(0)) + singular.substring(1);
  }

  /** As HubSpot answers an object type it cannot route. */
  static ObjectType parse(String s) {
    ObjectType t = parseOrNull(s);
    if (t == null) {
      throw Envelopes.validation("Unable to infer object type from: " + s);
    }
    return t;
  }

  /** The property that holds the last-modified time (contacts differ from companies and deals in HubSpot). */
  String lastModifiedProperty() {
    return this == CONTACTS ? "lastmodifieddate" : "hs_lastmodifieddate";
  }
}
