package io.hsdest.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.SchemaLocation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules every entry of the two schema files follows, so that docs, API and server can rely on them. */
class SchemaConventionsTest {

    private static final SettingsSchema SCHEMA = SettingsSchema.load();
    private static final Set<String> MODES = Set.of("cloud", "device", "both");

    /** The settings table of interface.md: these names are a contract and must not disappear. */
    private static final List<String> INTERFACE_SETTINGS = List.of("accessToken", "portalId", "enableEuropeanDataCenter",
            "hublet", "loadFormsSDK", "flushIdentifyImmediately", "formatCustomBehavioralEventNames", "skipInitialPageView",
            "contactIdProperty", "userIdProperty", "unknownPropertyPolicy", "nullPolicy", "allowLifecycleStageBackward",
            "trackContextTraitsToContact", "eventMappings", "deriveEventNames", "autoCreateEventDefinitions",
            "pageEventName", "companyIdProperty", "adoptCompanyByDomain", "associateContactToCompany", "audienceMode",
            "listNamePrefix", "createContactsAsNonMarketing", "requestsPer10Seconds", "maxBatchDelayMs");

    /** Settings cloud-mode.md and device-mode.md add, with the defaults they give. */
    private static final Map<String, String> ADDED_SETTINGS = Map.ofEntries(
            Map.entry("invalidValuePolicy", "\"dropProperty\""), Map.entry("audienceTrackMode", "\"event\""),
            Map.entry("autoCreateCompanyIdProperty", "true"), Map.entry("associationTypeId", "\"default\""),
            Map.entry("requireConsent", "false"), Map.entry("scriptLoadTimeoutMs", "11000"),
            Map.entry("screenEventName", "null"), Map.entry("searchRequestsPerSecond", "5"),
            Map.entry("splitNameTrait", "false"));

    @Test
    void everyInterfaceSettingIsInTheSchema() {
        assertThat(SCHEMA.settingNames()).containsAll(INTERFACE_SETTINGS).containsAll(ADDED_SETTINGS.keySet());
        ADDED_SETTINGS.forEach((name, value) ->
                assertThat(SCHEMA.settingsProperties().path(name).path("default").toString()).as(name).isEqualTo(value));
    }

    @Test
    void everySettingHasTypeDescriptionModeAndADefaultUnlessItIsACredentialOrRequired() {
        JsonNode required = SCHEMA.settingsDocument().path("required");
        SCHEMA.settingsProperties().properties().forEach(entry -> {
            String name = entry.getKey();
            JsonNode setting = entry.getValue();
            assertThat(setting.has("type")).as(name + " has a type").isTrue();
            assertThat(setting.path("description").asText()).as(name + " has a description").hasSizeGreaterThan(20);
            assertThat(MODES).as(name + " has x-mode").contains(setting.path("x-mode").asText());
            boolean exempt = setting.path("x-secret").asBoolean() || contains(required, name);
            assertThat(setting.has("default") || exempt).as(name + " has a default").isTrue();
        });
    }

    @Test
    void everyServerSettingHasTypeAndDescription() {
        SCHEMA.serverProperties().properties().forEach(entry -> {
            assertThat(entry.getValue().has("type")).as(entry.getKey()).isTrue();
            assertThat(entry.getValue().path("description").asText()).as(entry.getKey()).isNotBlank();
            assertThat(entry.getValue().has("default") || entry.getValue().path("x-secret").asBoolean())
                    .as(entry.getKey() + " has a default").isTrue();
        });
    }

    @Test
    void secretsAreWriteOnlyAndNeverPublic() {
        for (JsonNode properties : List.of(SCHEMA.settingsProperties(), SCHEMA.serverProperties())) {
            properties.properties().forEach(entry -> {
                JsonNode node = entry.getValue();
                if (node.path("x-secret").asBoolean()) {
                    assertThat(node.path("writeOnly").asBoolean()).as(entry.getKey()).isTrue();
                    assertThat(node.path("x-public").asBoolean()).as(entry.getKey()).isFalse();
                    assertThat(node.has("default")).as(entry.getKey()).isFalse();
                }
            });
        }
        assertThat(SCHEMA.publicSettingNames()).doesNotContain("accessToken");
    }

    @Test
    void publicSettingsAreTheDeviceModeOnesPlusPortalId() {
        SCHEMA.settingsProperties().properties().forEach(entry -> {
            boolean device = "device".equals(entry.getValue().path("x-mode").asText());
            boolean isPublic = entry.getValue().path("x-public").asBoolean();
            assertThat(isPublic).as(entry.getKey()).isEqualTo(device || entry.getKey().equals("portalId"));
        });
    }

    @Test
    void theDefaultsThemselvesAreValid() {
        assertThat(SCHEMA.validateSettings(SCHEMA.withDefaults(json("{\"portalId\":\"1\"}")))).isEmpty();
        JsonNode config = SCHEMA.configWithDefaults(json(
                "{\"destinations\":[{\"id\":\"a\",\"writeKeys\":[\"k\"],\"settings\":{\"portalId\":\"1\"}}]}"));
        assertThat(SCHEMA.validateConfigFile(config)).isEmpty();
    }

    @Test
    void bothSchemasAreValidJsonSchema202012() {
        JsonSchema meta = SettingsSchema.offlineFactory()
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(meta.validate(SCHEMA.settingsDocument())).isEmpty();
        assertThat(meta.validate(SCHEMA.configDocument())).isEmpty();
        assertThat(SCHEMA.settingsDocument().path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(SCHEMA.settingsDocument().path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(SCHEMA.configDocument().path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void schemaLoadingNeverReachesTheNetwork() {
        assertThatThrownBy(() -> SettingsSchema.offlineFactory()
                .getSchema(SchemaLocation.of("https://example.invalid/other.schema.json")))
                .hasMessageContaining("not allowed");
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
