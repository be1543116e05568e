package io.hsdest.delivery.wire;

import io.hsdest.hubspot.Endpoint;
import java.util.EnumMap;
import java.util.Map;

/** The codec of each endpoint delivery calls. */
public final class Codecs {
  private static final Map<Endpoint, Codec> BY_ENDPOINT = new EnumMap<>(Endpoint.class);

  static {
    BY_ENDPOINT.put(Endpoint.CONTACTS_UPSERT, new RecordWriteCodec("contacts", true));
    BY_ENDPOINT.put(Endpoint.CONTACTS_UPDATE, new RecordWriteCodec("contacts", false));
    BY_ENDPOINT.put(Endpoint.COMPANIES_UPSERT, new RecordWriteCodec("companies", true));
    BY_ENDPOINT.put(Endpoint.COMPANIES_UPDATE, new RecordWriteCodec("companies", false));
    BY_ENDPOINT.put(Endpoint.CONTACTS_READ, new RecordReadCodec());
    BY_ENDPOINT.put(Endpoint.COMPANIES_READ, new RecordReadCodec());
    BY_ENDPOINT.put(Endpoint.COMPANIES_SEARCH, new CompanySearchCodec());
    BY_ENDPOINT.put(Endpoint.EVENTS_SEND_BATCH, new EventCodec());
    BY_ENDPOINT.put(Endpoint.ASSOCIATIONS_DEFAULT, new AssociationCodec());
    BY_ENDPOINT.put(Endpoint.ASSOCIATIONS_CREATE, new AssociationCodec());
    BY_ENDPOINT.put(Endpoint.LISTS_MEMBERSHIPS, new ListMembershipCodec());
  }

  private Codecs() {}

  public static Codec of(Endpoint endpoint) {
    Codec c = BY_ENDPOINT.get(endpoint);
    if (c == null) throw new IllegalArgumentException("delivery has no codec for " + endpoint);
    return c;
  }
}
