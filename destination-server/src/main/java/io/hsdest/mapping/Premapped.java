package io.hsdest.mapping;

import io.hsdest.config.DestinationSettings;
import io.hsdest.mapping.Mapper.SchemaPart;
import java.util.Set;

/**
 * A message mapped ahead of delivery: at durable intake, against the schema parts cached then.
 * Mapping is a function of the message, the settings and the schema parts the message needs, so
 * delivery takes this plan instead of mapping the message a second time while those parts are the
 * very ones it would map against (the cache was not refreshed in between). Otherwise it maps again.
 */
public record Premapped(Plan plan, DestinationSettings settings, SchemaSnapshot schema) {

  /** Whether mapping the message now, with these settings against {@code now}, gives this plan. */
  public boolean holdsFor(DestinationSettings current, SchemaSnapshot now, Set<SchemaPart> needs) {
    if (current != settings || now.creationsTried() != schema.creationsTried()) return false;
    for (SchemaPart part : needs) {
      boolean same = switch (part) {
        case CONTACTS -> schema.contacts() == now.contacts();
        case COMPANIES -> schema.companies() == now.companies();
        case EVENTS -> schema.events() == now.events();
      };
      if (!same) return false;
    }
    return true;
  }
}
