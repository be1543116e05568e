package io.hsdest.mapping.op;

/** One HubSpot write a message needs. */
public sealed interface Operation permits ContactWrite, EventSend, CompanyWrite, Association, ListMembership {

  /** Identifies the person this operation is about, for per-user ordering; null when unknown. */
  String userKey();
}
