package io.hsdest.fake;

import java.util.HashMap;
import java.util.Map;

/** A contact, company or deal as stored: string property values keyed by name. Mutable; event loop only. */
final class CrmRecord {
  final long id;
  final Map<String, String> properties = new HashMap<>();
  final long createdAt;
  long updatedAt;
  /** When it was archived (deleted); 0 while it is not. */
  long archivedAt;

  CrmRecord(long id, long createdAt) {
    this.id = id;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  String get(String name) {
    return properties.get(name);
  }

  String idString() {
    return Long.toString(id);
  }
}
