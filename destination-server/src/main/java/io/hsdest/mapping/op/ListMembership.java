package io.hsdest.mapping.op;

/** Add a contact to, or remove it from, the MANUAL list named {@code listName}. */
public record ListMembership(String listName, ContactRef contact, boolean add) implements Operation {

  @Override
  public String userKey() {
    return contact.userKey();
  }
}
