package io.hsdest.delivery.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.policy.Verdict.Fail;
import io.hsdest.delivery.policy.Verdict.Next;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.op.Association;
import io.hsdest.mapping.op.ContactKey;
import io.hsdest.mapping.op.NeedsContact;
import io.hsdest.mapping.op.Operation;
import java.util.List;

/**
 * Asks HubSpot for the record an operation needs, by a unique property: the contact of an event
 * that names only a userId (by {@code userIdProperty}), the contact or company of an association
 * whose remembered id HubSpot refused. One batch read serves many lookups.
 *
 * @param notFound what becomes of the operation when HubSpot has no such record
 */
public record RecordLookup(String objectType, String idProperty, String value, Operation waiting, Verdict notFound)
    implements ReadStep {

  /** The contact of an operation, by the key its reference allows (email, else the userId property). */
  static RecordLookup contactOf(NeedsContact op, ContactKey key, Verdict notFound) {
    return new RecordLookup("contacts", key.idProperty(), key.value(), op, notFound);
  }

  /** The company of an association, by its key (the companyIdProperty holding the groupId). */
  static RecordLookup companyOf(Association a) {
    return new RecordLookup("companies", a.companyIdProperty(), a.groupId(), a, new Fail(Reason.ASSOCIATION_COMPANY_UNKNOWN,
        "HubSpot has no company whose " + a.companyIdProperty() + " is " + a.groupId() + " (deleted?); send the group call again"));
  }

  @Override
  public Endpoint endpoint() {
    return objectType.equals("contacts") ? Endpoint.CONTACTS_READ : Endpoint.COMPANIES_READ;
  }

  @Override
  public String lane() {
    return "lookup:" + idProperty;
  }

  @Override
  public String recordKey() {
    return value;
  }

  @Override
  public List<String> userKeys() {
    return waiting.userKeys();
  }

  @Override
  public List<String> properties() {
    return List.of(idProperty);
  }

  @Override
  public Verdict found(JsonNode record, String refusal) {
    if (record == null) {
      if (refusal == null || !(notFound instanceof Fail f)) return notFound;
      return new Fail(f.reason(), f.detail() + " (HubSpot: " + refusal + ")");
    }
    String id = record.path("id").asText();
    boolean company = objectType.equals("companies");
    return Next.as(op -> {
      Operation waited = ((RecordLookup) op).waiting();
      return company ? ((Association) waited).withCompanyId(id) : ((NeedsContact) waited).withContactId(id);
    });
  }
}
