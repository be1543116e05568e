package io.hsdest.mapping.op;

import java.time.Instant;
import java.util.Map;

/**
 * Create or update one company keyed by {@code idProperty} (the {@code companyIdProperty} setting)
 * holding the Segment {@code groupId}.
 *
 * @param domain the normalised domain, for adopting an existing company on first sight; may be null
 * @param adoptByDomain whether a company never seen before may adopt an existing one with this domain
 */
public record CompanyWrite(
    String idProperty,
    String groupId,
    Map<String, String> properties,
    Instant timestamp,
    String domain,
    boolean adoptByDomain) implements Operation {

  public CompanyWrite {
    properties = Map.copyOf(properties);
  }

  @Override
  public String userKey() {
    return null;
  }

  public String recordKey() {
    return idProperty + "=" + groupId;
  }
}
