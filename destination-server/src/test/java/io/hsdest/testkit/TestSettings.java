package io.hsdest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.config.DestinationSettings;
import io.hsdest.settings.SchemaProblem;
import io.hsdest.settings.SettingsSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Destination settings for tests, validated and defaulted by the real settings schema. */
public final class TestSettings {
  private static final SettingsSchema SCHEMA = SettingsSchema.load();

  /**
   * The spec's settings S0 (cloud-mode.md c.0), in interface.md's names: portal 123456, the
   * Order Completed mapping, lifecycle backward allowed, no context-traits contact update, no
   * domain adoption.
   */
  public static final String S0 = """
      {"accessToken":"pat-na1-TEST","portalId":"123456","contactIdProperty":"email",
       "unknownPropertyPolicy":"drop","invalidValuePolicy":"dropProperty","nullPolicy":"clear",
       "allowLifecycleStageBackward":true,
       "eventMappings":{"Order Completed":{"name":"pe123456_order_completed","properties":{"revenue":"amount"}}},
       "deriveEventNames":true,"autoCreateEventDefinitions":false,"trackContextTraitsToContact":false,
       "companyIdProperty":"segment_group_id","autoCreateCompanyIdProperty":true,"adoptCompanyByDomain":false,
       "associateContactToCompany":true,"associationTypeId":"default","audienceMode":"property","audienceTrackMode":"event",
       "maxBatchDelayMs":20}""";

  private TestSettings() {}

  /** S0 with some settings replaced, e.g. {@code s0("{\"nullPolicy\":\"ignore\"}")}. */
  public static DestinationSettings s0(String overrides) {
    try {
      var base = (com.fasterxml.jackson.databind.node.ObjectNode) ScriptedHubSpot.JSON.readTree(S0);
      base.setAll((com.fasterxml.jackson.databind.node.ObjectNode) ScriptedHubSpot.JSON.readTree(overrides));
      return of(base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DestinationSettings s0() {
    return s0("{}");
  }

  public static DestinationSettings of(JsonNode settings) {
    List<SchemaProblem> problems = SCHEMA.validateSettings(settings);
    if (!problems.isEmpty()) throw new IllegalArgumentException("test settings are invalid: " + problems);
    return DestinationSettings.fromValidatedJson(SCHEMA.withDefaults(settings));
  }
}
