package io.hsdest.mapping;

import io.hsdest.mapping.PropertyPipeline.Candidate;
import java.util.List;
import java.util.Map;

/**
 * Segment group traits to HubSpot company properties: name, description, phone, industry,
 * employees -> numberofemployees, website (as given) plus domain (its normalised host, unless a
 * {@code domain} trait says otherwise), address parts, lifecycle stage. Everything else by
 * normalised key.
 */
final class CompanyFields {
  private CompanyFields() {}

  record Mapped(List<Candidate> candidates, List<Warning> warnings, String domain) {}

  static Mapped candidates(Map<String, Object> traits) {
    Candidates c = new Candidates(traits);
    c.standard("name", "name");
    c.standard("description", "description");
    c.standard("phone", "phone");
    c.standard("industry", "industry");
    c.standard("numberofemployees", "employees", "numberOfEmployees", "numberofemployees");
    c.standard("website", "website");
    String domain = Domains.fromTrait(traits.get("domain"));
    if (domain == null) domain = Domains.fromWebsite(traits.get("website"));
    if (domain != null) c.computed("domain", domain, traits.containsKey("domain") ? "domain" : "website");
    c.consume("domain");
    if (traits.get("address") instanceof Map) {
      c.nested("address", ContactFields.ADDRESS);
    } else {
      c.standard("address", "address");
    }
    ContactFields.lifecycle(c, traits);
    return new Mapped(c.withGenericKeys(), c.warnings(), domain);
  }
}
