package io.hsdest.emailevents;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;

/**
 * HubSpot's EventId: an email event's {@code created} (epoch ms) and its {@code id}; together they identify the
 * event (seed 001). Everything exactly-once hangs on it: the local set of events already sent, and the
 * {@code messageId}/{@code insert_id} the sinks deduplicate by.
 */
record EventId(long created, String id) implements Comparable<EventId> {
  private static final NameBasedGenerator V5 = Generators.nameBasedGenerator(NameBasedGenerator.NAMESPACE_URL);

  /** A store key that sorts by time: 13-digit zero-padded {@code created}, then the id. */
  String key() {
    return String.format("%013d:%s", created, id);
  }

  /** The earliest store key of events created at or after {@code created}. */
  static String keyFrom(long created) {
    return String.format("%013d:", created);
  }

  /**
   * The id the sinks see ({@code messageId}, {@code insert_id}): a name-based UUID (v5) of the portal and the
   * EventId, so every resend of an event, by any process, carries the same one.
   */
  String exportId(String portalId) {
    return V5.generate("hubspot-email-event:" + portalId + ":" + created + ":" + id).toString();
  }

  @Override
  public int compareTo(EventId o) {
    int c = Long.compare(created, o.created);
    return c != 0 ? c : id.compareTo(o.id);
  }
}
