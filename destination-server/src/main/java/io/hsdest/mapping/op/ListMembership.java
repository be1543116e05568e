package io.hsdest.mapping.op;

import io.hsdest.hubspot.Endpoint;
import java.util.List;

/**
 * Add a contact to, or remove it from, the MANUAL list named {@code listName}. Delivery fills in
 * the list's id and the contact's record id before it is sent.
 */
public record ListMembership(String listName, ContactRef contact, boolean add, String listId, String contactId)
    implements Operation, NeedsContact {

  public ListMembership(String listName, ContactRef contact, boolean add) {
    this(listName, contact, add, null, null);
  }

  @Override
  public Endpoint endpoint() {
    return Endpoint.LISTS_MEMBERSHIPS;
  }

  @Override
  public String lane() {
    return listId;
  }

  @Override
  public String recordKey() {
    return contactId;
  }

  @Override
  public List<String> userKeys() {
    return contact.userKeys();
  }

  @Override
  public ListMembership withContactId(String id) {
    return new ListMembership(listName, contact, add, listId, id);
  }

  public ListMembership withListId(String id) {
    return new ListMembership(listName, contact, add, id, contactId);
  }
}
