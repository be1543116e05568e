package io.hsdest.mapping.op;

/**
 * Associate a contact with the company keyed {@code companyIdProperty = groupId}.
 *
 * @param associationTypeId null for HubSpot's default (unlabelled) association
 */
public record Association(ContactRef contact, String companyIdProperty, String groupId, Integer associationTypeId)
    implements Operation {

  @Override
  public String userKey() {
    return contact.userKey();
  }
}
