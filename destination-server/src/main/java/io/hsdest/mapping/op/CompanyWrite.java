package io.hsdest.mapping.op;

import io.hsdest.hubspot.Endpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Create or update one company keyed by {@code idProperty} (the {@code companyIdProperty} setting)
 * holding the Segment {@code groupId}.
 *
 * @param domain the normalised domain, for adopting an existing company on first sight; may be null
 * @param adoptByDomain whether a company this server has not written may adopt an existing one with
 *     this domain; off once the adoption search has decided
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
  public Endpoint endpoint() {
    return recordId != null ? Endpoint.COMPANIES_UPDATE : Endpoint.COMPANIES_UPSERT;
  }

  @Override
  public String lane() {
    return idProperty;
  }

  @Override
  public String recordKey() {
    return recordId != null ? "#id=" + recordId : idProperty + "=" + groupId;
  }

  @Override
  public List<String> userKeys() {
    return List.of();
  }

  /** The id HubSpot is addressed by: the group for an upsert, the record id for an update. */
  public String id() {
    return recordId != null ? recordId : groupId;
  }

  /** Adopts the company with this record id (the write then updates it by id, putting the key on it). */
  public CompanyWrite adopting(String id) {
    return new CompanyWrite(idProperty, groupId, properties, timestamp, domain, false, id);
  }

  /** Written by its key, without looking for a company to adopt. */
  public CompanyWrite byKey() {
    return new CompanyWrite(idProperty, groupId, properties, timestamp, domain, false, null);
  }
}
