package io.hsdest.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.config.Policies.AudienceMode;
import io.hsdest.config.Policies.AudienceTrackMode;
import io.hsdest.config.Policies.InvalidValue;
import io.hsdest.config.Policies.NullValue;
import io.hsdest.config.Policies.UnknownProperty;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One destination's settings, typed. Built from JSON that the settings schema has validated and
 * filled with defaults ({@link ConfigLoader}); the schema is the one place defaults live.
 * {@code accessToken} is null for a dry-run destination.
 */
public record DestinationSettings(
    String accessToken,
    String portalId,
    String contactIdProperty,
    String userIdProperty,
    UnknownProperty unknownPropertyPolicy,
    InvalidValue invalidValuePolicy,
    NullValue nullPolicy,
    boolean allowLifecycleStageBackward,
    boolean trackContextTraitsToContact,
    boolean trackEventTimeToContact,
    Map<String, EventMapping> eventMappings,
    boolean deriveEventNames,
    boolean autoCreateEventDefinitions,
    String pageEventName,
    String screenEventName,
    String companyIdProperty,
    boolean autoCreateCompanyIdProperty,
    boolean adoptCompanyByDomain,
    boolean associateContactToCompany,
    Integer associationTypeId,
    AudienceMode audienceMode,
    AudienceTrackMode audienceTrackMode,
    String listNamePrefix,
    boolean createContactsAsNonMarketing,
    boolean splitNameTrait,
    int requestsPer10Seconds,
    int searchRequestsPerSecond,
    int maxBatchDelayMs,
    JsonNode raw) {

  /** An {@code eventMappings} entry: the HubSpot event name and property renames (from -> to). */
  public record EventMapping(String name, Map<String, String> properties) {}

  public boolean dryRun() {
    return accessToken == null || accessToken.isBlank();
  }

  /** Reads settings that the schema has already validated and filled with defaults. */
  public static DestinationSettings fromValidatedJson(JsonNode s) {
    Map<String, EventMapping> mappings = new LinkedHashMap<>();
    s.path("eventMappings").fields().forEachRemaining(e -> {
      Map<String, String> props = new LinkedHashMap<>();
      e.getValue().path("properties").fields().forEachRemaining(p -> props.put(p.getKey(), p.getValue().asText()));
      mappings.put(e.getKey().trim().toLowerCase(Locale.ROOT),
          new EventMapping(e.getValue().path("name").asText(), Map.copyOf(props)));
    });
    JsonNode assoc = s.path("associationTypeId");
    return new DestinationSettings(
        textOrNull(s, "accessToken"),
        s.path("portalId").asText(),
        s.path("contactIdProperty").asText(),
        textOrNull(s, "userIdProperty"),
        UnknownProperty.of(s.path("unknownPropertyPolicy").asText()),
        InvalidValue.of(s.path("invalidValuePolicy").asText()),
        NullValue.of(s.path("nullPolicy").asText()),
        s.path("allowLifecycleStageBackward").asBoolean(),
        s.path("trackContextTraitsToContact").asBoolean(),
        s.path("trackEventTimeToContact").asBoolean(),
        Map.copyOf(mappings),
        s.path("deriveEventNames").asBoolean(),
        s.path("autoCreateEventDefinitions").asBoolean(),
        textOrNull(s, "pageEventName"),
        textOrNull(s, "screenEventName"),
        s.path("companyIdProperty").asText(),
        s.path("autoCreateCompanyIdProperty").asBoolean(),
        s.path("adoptCompanyByDomain").asBoolean(),
        s.path("associateContactToCompany").asBoolean(),
        assoc.isIntegralNumber() ? Integer.valueOf(assoc.intValue()) : null,
        AudienceMode.of(s.path("audienceMode").asText()),
        AudienceTrackMode.of(s.path("audienceTrackMode").asText()),
        s.path("listNamePrefix").asText(),
        s.path("createContactsAsNonMarketing").asBoolean(),
        s.path("splitNameTrait").asBoolean(),
        s.path("requestsPer10Seconds").asInt(),
        s.path("searchRequestsPerSecond").asInt(),
        s.path("maxBatchDelayMs").asInt(),
        s);
  }

  private static String textOrNull(JsonNode s, String field) {
    JsonNode v = s.get(field);
    if (v == null || v.isNull()) return null;
    String t = v.asText().trim();
    return t.isEmpty() ? null : t;
  }

  @Override
  public String toString() {
    // Never print the token.
    return "DestinationSettings[portalId=" + portalId + ", live=" + !dryRun() + "]";
  }
}
