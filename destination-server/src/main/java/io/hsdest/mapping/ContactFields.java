package io.hsdest.mapping;

import io.hsdest.mapping.PropertyPipeline.Candidate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Segment's standard traits to HubSpot's contact properties:
 *
 * <table>
 * <tr><th>trait</th><th>property</th></tr>
 * <tr><td>firstName, first_name, firstname</td><td>firstname</td></tr>
 * <tr><td>lastName, last_name, lastname</td><td>lastname</td></tr>
 * <tr><td>name (both absent, with splitNameTrait)</td><td>firstname + lastname, split at the first space</td></tr>
 * <tr><td>phone, website</td><td>phone, website</td></tr>
 * <tr><td>company (text) or company.name</td><td>company</td></tr>
 * <tr><td>title</td><td>jobtitle</td></tr>
 * <tr><td>address.street / city / state / country</td><td>address / city / state / country</td></tr>
 * <tr><td>address.postalCode, postal_code, postalcode, zip</td><td>zip</td></tr>
 * <tr><td>lifecycleStage, lifecycle_stage, lifecyclestage</td><td>lifecyclestage (lowercase)</td></tr>
 * </table>
 *
 * Email is the identity's business ({@link ContactMapping}); {@code hubspotutk}/{@code utk} are
 * identity hints for events, never contact properties.
 */
final class ContactFields {
  static final Map<String, String[]> ADDRESS = new LinkedHashMap<>();

  static {
    ADDRESS.put("address", new String[] {"street", "street1", "line1"});
    ADDRESS.put("city", new String[] {"city"});
    ADDRESS.put("state", new String[] {"state", "region"});
    ADDRESS.put("zip", new String[] {"postalCode", "postal_code", "postalcode", "zip"});
    ADDRESS.put("country", new String[] {"country"});
  }

  private ContactFields() {}

  record Mapped(List<Candidate> candidates, List<Warning> warnings) {}

  static Mapped candidates(Map<String, Object> traits, boolean splitName) {
    Candidates c = new Candidates(traits);
    c.consume("email", "hubspotutk", "utk");
    c.standard("firstname", "firstName", "first_name", "firstname");
    c.standard("lastname", "lastName", "last_name", "lastname");
    if (splitName && !c.has("firstname") && !c.has("lastname") && traits.get("name") instanceof String name) {
      String n = Text.trim(name);
      int space = n.indexOf(' ');
      c.computed("firstname", space < 0 ? n : n.substring(0, space), "name");
      if (space >= 0) c.computed("lastname", Text.trim(n.substring(space + 1)), "name");
      c.consume("name");
    }
    c.standard("phone", "phone");
    c.standard("website", "website");
    Object company = traits.get("company");
    if (company instanceof Map<?, ?> m) {
      c.consume("company");
      if (m.get("name") != null) c.computed("company", m.get("name"), "company.name");
    } else {
      c.standard("company", "company");
    }
    c.standard("jobtitle", "title");
    if (traits.get("address") instanceof Map) {
      c.nested("address", ADDRESS);
    } else {
      c.standard("address", "address");
    }
    lifecycle(c, traits);
    return new Mapped(c.withGenericKeys(), c.warnings());
  }

  /**
   * Where {@code lifecycle_stage} is mapped: any of its spellings becomes HubSpot's {@code lifecyclestage},
   * the value an internal stage name (lowercase, trimmed: "Lead" -> "lead"). HubSpot moves stages only forward;
   * what happens when it keeps a later one is delivery's ({@code resolve/ContactWritten}).
   */
  static void lifecycle(Candidates c, Map<String, Object> traits) {
    for (String alias : new String[] {"lifecycleStage", "lifecycle_stage", "lifecyclestage"}) {
      if (traits.containsKey(alias)) {
        Object v = traits.get(alias);
        if (!c.has("lifecyclestage")) c.computed("lifecyclestage", v instanceof String s ? Text.trim(s).toLowerCase(Locale.ROOT) : v, alias);
        c.consume(alias);
      }
    }
  }
}
