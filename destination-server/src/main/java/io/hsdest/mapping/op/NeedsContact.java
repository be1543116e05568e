package io.hsdest.mapping.op;

/** An operation that needs a contact's record id, found by its {@link ContactRef} before it is sent. */
public interface NeedsContact extends Operation {
  ContactRef contact();

  /** The record id once known, else null. */
  String contactId();

  Operation withContactId(String id);
}
