package io.hsdest.delivery.resolve;

import io.hsdest.delivery.batch.BatchLimits;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.Operation;
import java.util.List;

/** A group this server has not decided yet looks for a company to adopt ({@link CompanyAdoption}). */
public record AdoptionSearch(CompanyWrite company) implements Operation, BatchLimits.Searching {

  @Override
  public Endpoint endpoint() {
    return Endpoint.COMPANIES_SEARCH;
  }

  @Override
  public String lane() {
    return company.idProperty();
  }

  @Override
  public String recordKey() {
    return company.groupId();
  }

  @Override
  public List<String> userKeys() {
    return List.of();
  }
}
