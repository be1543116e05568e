package io.hsdest.mapping;

import io.hsdest.config.DestinationSettings;
import io.hsdest.hubspot.schema.EventDefinitions;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Segment event name to HubSpot's fully qualified custom event name, first match wins:
 * {@code eventMappings} (trimmed, case-insensitive); a name already of the form {@code pe<digits>_...}
 * (normalised; its portal must be this one); with {@code deriveEventNames},
 * {@code pe<portalId>_} + the normalised name. The result must be a defined event in the portal,
 * unless {@code autoCreateEventDefinitions} lets the destination create it.
 */
final class EventNameResolver {
  private static final Pattern PREFIXED = Pattern.compile("(?i)^pe(\\d+)_.+");
  private static final Pattern SPACES_AND_DOTS = Pattern.compile("[\\s.]+");
  private static final Pattern OTHER_CHARACTERS = Pattern.compile("[^a-z0-9_]+");
  private static final Pattern EDGE_UNDERSCORES = Pattern.compile("^_+|_+$");

  private EventNameResolver() {}

  /** Either a name (with {@code create} when it must be defined first) or a refusal. */
  record Resolution(String name, boolean create, DestinationSettings.EventMapping mapping, Terminal refusal) {}

  static Resolution resolve(String event, DestinationSettings settings, EventDefinitions definitions, boolean creationsTried) {
    return resolve(event, settings, definitions, creationsTried, false);
  }

  /** @param configured the name comes from a setting (pageEventName, screenEventName): a short name is prefixed */
  static Resolution resolve(String event, DestinationSettings settings, EventDefinitions definitions, boolean creationsTried,
      boolean configured) {
    if (event == null || Text.trim(event).isEmpty()) {
      return refused(Reason.MISSING_EVENT_NAME, "a track call needs an event name");
    }
    String trimmed = Text.trim(event);
    DestinationSettings.EventMapping mapping = settings.eventMappings().get(trimmed.toLowerCase(Locale.ROOT));
    String name;
    if (mapping != null) {
      // a mapping may name the event fully (pe123456_signed_up) or by its short name (signed_up)
      name = PREFIXED.matcher(mapping.name()).matches() ? mapping.name().toLowerCase(Locale.ROOT)
          : "pe" + settings.portalId() + "_" + normalise(mapping.name());
    } else if (PREFIXED.matcher(trimmed).matches()) {
      name = SPACES_AND_DOTS.matcher(trimmed.toLowerCase(Locale.ROOT)).replaceAll("_");
      var m = PREFIXED.matcher(name);
      m.matches();
      if (!m.group(1).equals(settings.portalId())) {
        return refused(Reason.EVENT_PORTAL_MISMATCH, "\"" + trimmed + "\" belongs to portal " + m.group(1)
            + ", not to this destination's portal " + settings.portalId());
      }
    } else if (settings.deriveEventNames() || configured) {
      name = "pe" + settings.portalId() + "_" + normalise(trimmed);
    } else {
      return refused(Reason.EVENT_NOT_MAPPED, "\"" + trimmed + "\" has no entry in eventMappings and deriveEventNames is off");
    }
    if (!definitions.known() || definitions.get(name) != null) return new Resolution(name, false, mapping, null);
    if (settings.autoCreateEventDefinitions() && !creationsTried) return new Resolution(name, true, mapping, null);
    return refused(Reason.EVENT_DEFINITION_NOT_FOUND, "HubSpot has no custom event " + name + "; create it in HubSpot"
        + " (Data Management > Custom Events)" + (settings.autoCreateEventDefinitions()
            ? " (creating it automatically failed)" : " or enable autoCreateEventDefinitions"));
  }

  /** Lowercase, every run outside {@code [a-z0-9_]} to {@code _}, no leading or trailing {@code _}. */
  static String normalise(String event) {
    String n = OTHER_CHARACTERS.matcher(event.toLowerCase(Locale.ROOT)).replaceAll("_");
    return EDGE_UNDERSCORES.matcher(n).replaceAll("");
  }

  private static Resolution refused(Reason code, String detail) {
    return new Resolution(null, false, null, Terminal.dropped(code, detail));
  }
}
