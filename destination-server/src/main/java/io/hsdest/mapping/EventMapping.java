package io.hsdest.mapping;

import io.hsdest.config.DestinationSettings;
import io.hsdest.config.Policies.InvalidValue;
import io.hsdest.config.Policies.NullValue;
import io.hsdest.config.Policies.UnknownProperty;
import io.hsdest.hubspot.schema.EventDefinition;
import io.hsdest.hubspot.schema.PropertyDefinition;
import io.hsdest.ingest.message.Envelope;
import io.hsdest.ingest.message.Timestamps;
import io.hsdest.mapping.PropertyPipeline.Candidate;
import io.hsdest.mapping.op.EventSend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Properties of one event occurrence: renamed by the event's mapping, keys normalised, identity
 * keys removed, kept only when the definition has them (HubSpot's default {@code hs_} event
 * properties always exist), coerced by the definition's types through the property pipeline, and
 * capped at HubSpot's 50 per occurrence.
 */
final class EventMapping {
  static final int MAX_PROPERTIES = 50;

  /** HubSpot's default event properties, present on every custom event definition. */
  static final Set<String> DEFAULT_PROPERTIES = Set.of(
      "hs_asset_description", "hs_asset_type", "hs_browser", "hs_campaign_id", "hs_city", "hs_country",
      "hs_device_name", "hs_device_type", "hs_element_class", "hs_element_id", "hs_element_text", "hs_language",
      "hs_link_href", "hs_operating_system", "hs_operating_version", "hs_page_content_type", "hs_page_id",
      "hs_page_title", "hs_page_url", "hs_parent_module_id", "hs_referrer", "hs_region", "hs_screen_height",
      "hs_screen_width", "hs_touchpoint_source", "hs_tracking_name", "hs_user_agent", "hs_utm_campaign",
      "hs_utm_content", "hs_utm_medium", "hs_utm_source", "hs_utm_term");

  private static final PropertyDefinition DEFAULT_TEXT = PropertyDefinition.of("hs_default", "string", "text");

  private EventMapping() {}

  record Result(EventSend event, List<Warning> warnings, EventDefinitionToCreate definitionToCreate) {}

  /**
   * @param candidates the event's properties, already named (renamed and normalised)
   * @param definition the event's definition, or null when unknown (dry-run) or about to be created
   */
  static Result build(String eventName, boolean createDefinition, List<Candidate> candidates, EventDefinition definition,
      boolean definitionsKnown, EventIdentity identity, Envelope envelope, DestinationSettings settings, boolean creationsTried) {
    List<Warning> warnings = new ArrayList<>();
    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!EventIdentity.KEYS.contains(c.name())) kept.add(c);
    }
    EventDefinitionToCreate create = null;
    Map<String, String> properties;
    if (createDefinition) {
      List<PropertyToCreate> props = new ArrayList<>();
      for (Candidate c : kept) {
        if (c.value() != null && !DEFAULT_PROPERTIES.contains(c.name()) && props.size() < MAX_PROPERTIES) {
          props.add(PropertyToCreate.inferred(eventName, c.name(), c.value()));
        }
      }
      create = new EventDefinitionToCreate(eventName, shortName(eventName, settings.portalId()), props);
      properties = Map.of();
    } else {
      boolean autoCreate = settings.autoCreateEventDefinitions() && !creationsTried;
      PropertyPipeline.Rules rules = new PropertyPipeline.Rules(
          name -> lookup(definition, name),
          definitionsKnown && definition != null,
          autoCreate ? UnknownProperty.CREATE : UnknownProperty.DROP,
          settings.invalidValuePolicy() == InvalidValue.FAIL_EVENT ? InvalidValue.FAIL_EVENT : InvalidValue.DROP_PROPERTY,
          NullValue.IGNORE,
          Reason.EVENT_PROPERTY_UNKNOWN,
          eventName,
          EventMapping::maxLength);
      PropertyPipeline.Result r = PropertyPipeline.run(kept, rules);
      if (r.failure() != null) return new Result(null, List.of(r.failure()), null);
      warnings.addAll(r.warnings());
      properties = capped(r.properties(), warnings);
      if (!r.toCreate().isEmpty()) {
        create = new EventDefinitionToCreate(eventName, shortName(eventName, settings.portalId()), r.toCreate());
      }
    }
    EventSend send = new EventSend(
        eventName,
        identity.email(),
        identity.utk(),
        identity.objectId(),
        identity.userId(),
        settings.userIdProperty(),
        Timestamps.isoMillis(envelope.eventTime()),
        EventUuids.of(envelope.messageId()),
        properties);
    return new Result(send, warnings, create);
  }

  private static PropertyDefinition lookup(EventDefinition definition, String name) {
    PropertyDefinition def = definition == null ? null : definition.properties().get(name);
    if (def == null && DEFAULT_PROPERTIES.contains(name)) return DEFAULT_TEXT;
    return def;
  }

  /** HubSpot keeps 256 characters of an event property value, 1,024 of a URL or referrer. */
  static int maxLength(String name) {
    return name.contains("url") || name.contains("referrer") || name.contains("href") ? 1024 : 256;
  }

  private static Map<String, String> capped(Map<String, String> properties, List<Warning> warnings) {
    if (properties.size() <= MAX_PROPERTIES) return properties;
    Map<String, String> kept = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    properties.forEach((k, v) -> {
      if (kept.size() < MAX_PROPERTIES) kept.put(k, v);
      else dropped.add(k);
    });
    warnings.add(Warning.of(Reason.EVENT_PROPERTY_LIMIT, null,
        "HubSpot takes at most " + MAX_PROPERTIES + " properties per event; dropped " + dropped));
    return kept;
  }

  /** {@code pe123456_signed_up -> signed_up}: the name HubSpot's definition API takes. */
  static String shortName(String fullyQualified, String portalId) {
    String prefix = "pe" + portalId + "_";
    return fullyQualified.startsWith(prefix) ? fullyQualified.substring(prefix.length()) : fullyQualified;
  }

  /** Renames (eventMappings {@code properties}: from -> to), then normalises every key. */
  static List<Candidate> candidates(Map<String, Object> properties, Map<String, String> renames, List<Warning> warnings) {
    List<Candidate> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      String renamed = renames.getOrDefault(e.getKey(), e.getKey());
      String name = PropertyKeys.normalise(renamed);
      if (!PropertyKeys.isValid(name)) {
        warnings.add(Warning.of(Reason.KEY_INVALID, e.getKey(), "\"" + e.getKey() + "\" cannot be a HubSpot property name"));
        continue;
      }
      out.add(new Candidate(name, e.getValue(), e.getKey()));
    }
    return out;
  }
}
