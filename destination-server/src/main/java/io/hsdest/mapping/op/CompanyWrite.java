package io.hsdest.mapping.op;

import java.time.Instant;
import java.util.Map;

/**
 * Create or update one company keyed by {@code idProperty} (the {@code companyIdProperty} setting)
 * holding the Segment {@code groupId}.
 *
 * @param domain the normalised domain, for adopting an existing company on first sight; may be null
 * @param adoptByDomain whether a company never seen before may adopt an existing one with this domain
 * @param recordId HubSpot's id of the company when known (an adopted company is updated by id)
 */
public record CompanyWrite(
    String idProperty,
    String groupId,
    Map<String, String> properties,
    Instant timestamp,
    String domain,
    boolean adoptByDomain,
    String recordId) implements Operation {

  public CompanyWrite {
    // not copied: mapping hands over maps it never changes again, and delivery only reads them
  }

  @Override
  public String userKey() {
    return null;
  }

  public String recordKey() {
    return idProperty + "=" + groupId;
  }

  public CompanyWrite withRecordId(String id) {
    return new CompanyWrite(idProperty, groupId, properties, timestamp, domain, adoptByDomain, id);
  }
}
