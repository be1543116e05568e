package io.hsdest.mapping.op;

import io.hsdest.hubspot.Endpoint;
import java.util.List;

/**
 * Associate a contact with the company keyed {@code companyIdProperty = groupId}. Delivery fills
 * in the two record ids before the association is sent.
 *
 * @param associationTypeId null for HubSpot's default (unlabelled) association
 * @param contactId the contact's record id, once known
 * @param companyId the company's record id, once known
 */
public record Association(ContactRef contact, String companyIdProperty, String groupId, Integer associationTypeId,
    String contactId, String companyId) implements Operation, NeedsContact {

  public Association(ContactRef contact, String companyIdProperty, String groupId, Integer associationTypeId) {
    this(contact, companyIdProperty, groupId, associationTypeId, null, null);
  }

  @Override
  public Endpoint endpoint() {
    return associationTypeId == null ? Endpoint.ASSOCIATIONS_DEFAULT : Endpoint.ASSOCIATIONS_CREATE;
  }

  @Override
  public String lane() {
    return associationTypeId == null ? "" : associationTypeId.toString();
  }

  @Override
  public String recordKey() {
    return contactId + ">" + companyId;
  }

  @Override
  public List<String> userKeys() {
    return contact.userKeys();
  }

  @Override
  public Association withContactId(String id) {
    return new Association(contact, companyIdProperty, groupId, associationTypeId, id, companyId);
  }

  public Association withCompanyId(String id) {
    return new Association(contact, companyIdProperty, groupId, associationTypeId, contactId, id);
  }
}
