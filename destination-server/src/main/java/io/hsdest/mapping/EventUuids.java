package io.hsdest.mapping;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.NameBasedGenerator;
import java.util.UUID;

/**
 * An event occurrence's {@code uuid}: the messageId itself when it is a UUID, else the name-based
 * (v5, URL namespace) UUID of {@code "segment:" + messageId}. HubSpot keeps one occurrence per
 * uuid, so a client's resend can never count twice.
 */
final class EventUuids {
  private static final NameBasedGenerator V5 = Generators.nameBasedGenerator(NameBasedGenerator.NAMESPACE_URL);

  private EventUuids() {}

  static String of(String messageId) {
    try {
      UUID u = UUID.fromString(messageId);
      if (messageId.length() == 36) return u.toString();
    } catch (IllegalArgumentException notAUuid) {
      // derive one below
    }
    return V5.generate("segment:" + messageId).toString();
  }
}
