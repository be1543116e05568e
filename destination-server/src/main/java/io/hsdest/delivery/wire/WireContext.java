package io.hsdest.delivery.wire;

import io.hsdest.delivery.resolve.CompanyAdoption;
import io.hsdest.hubspot.Calls;
import io.hsdest.store.Watermarks;

/**
 * What the codecs of one destination read and note besides the calls: the call builders, the
 * newest value time per record and property, what adoption decided, and the schema cache to mark
 * stale when HubSpot says a property does not exist.
 */
public record WireContext(Calls calls, Watermarks watermarks, CompanyAdoption adoption, SchemaStale schemaStale,
    java.util.function.LongSupplier clock) {

  /** Tells the schema cache that HubSpot named a property of this object type that does not exist. */
  public interface SchemaStale {
    void objectType(String objectType);
  }

  long now() {
    return clock.getAsLong();
  }
}
