package io.hsdest.delivery.batch;

import io.hsdest.hubspot.Endpoint;
import io.hsdest.mapping.op.CompanyWrite;
import java.util.List;

/**
 * How many inputs one HubSpot call takes: HubSpot's maximum for the endpoint
 * ({@link Endpoint#maxInputs}: 100 CRM records, 500 events, ...), fewer for an input that was in a
 * batch HubSpot refused without saying which input ({@link Input#limitBatch}), and for the company
 * search, what fits HubSpot's 3,000-character body. The one place batch sizes are decided.
 */
public final class BatchLimits {
  /** HubSpot refuses search bodies over 3,000 characters; the rest of the adoption search body takes about 400. */
  static final int SEARCH_VALUES_BUDGET = 2_500;

  private BatchLimits() {}

  /** The most inputs a call of this endpoint takes. */
  public static int maxInputs(Endpoint endpoint) {
    return endpoint.maxInputs;
  }

  /** Whether one more input still fits the call beyond its count (the adoption search's body size). */
  static <T extends Queued> boolean fits(Endpoint endpoint, List<Input<T>> batch, Input<T> next) {
    if (endpoint != Endpoint.COMPANIES_SEARCH) return true;
    int size = searchChars(next);
    for (Input<T> in : batch) size += searchChars(in);
    return size <= SEARCH_VALUES_BUDGET;
  }

  /** Groups per adoption search that typical ids and domains fit in a body (for admission's estimate). */
  public static int typicalGroupsPerSearch() {
    return Endpoint.COMPANIES_SEARCH.maxInputs / 2;
  }

  /** The characters a group adds to the search body: its id and domain, quoted, with separators. */
  private static int searchChars(Input<?> in) {
    CompanyWrite c = companyOf(in.first().op());
    return c.groupId().length() + (c.domain() == null ? 0 : c.domain().length()) + 6;
  }

  private static CompanyWrite companyOf(io.hsdest.mapping.op.Operation op) {
    if (op instanceof CompanyWrite c) return c;
    if (op instanceof Searching s) return s.company();
    throw new IllegalArgumentException("not a company search: " + op);
  }

  /** An operation that searches for a company (the adoption search). */
  public interface Searching {
    CompanyWrite company();
  }
}
