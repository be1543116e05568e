package io.hsdest.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SettingsSchema SCHEMA = SettingsSchema.load();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void messageNamesTheFieldAndTheRuleInPlainWords() {
        List<SchemaProblem> problems = SCHEMA.validateSettings(json("{\"portalId\":\"abc\"}"));

        assertThat(problems).containsExactly(new SchemaProblem("portalId", "pattern",
                "portalId: must match ^\\d+$ (digits only, written as a string such as \"123456\")"));
    }

    @Test
    void portalIdAsANumberGetsAClearTypeError() {
        assertThat(SCHEMA.validateSettings(json("{\"portalId\":123456}")))
                .extracting(SchemaProblem::message)
                .containsExactly("portalId: must be a string, not a whole number"
                        + " (digits only, written as a string such as \"123456\")");
    }

    @Test
    void nestedPathsUseDotsAndBracketsLikeAJsonPath() {
        JsonNode config = json("{\"destinations\":[{\"id\":\"a\",\"writeKeys\":[\"k\"],\"settings\":{\"portalId\":\"1\"}},"
                + "{\"id\":\"b\",\"writeKeys\":[\"j\"],\"settings\":{\"portalId\":\"x\"}}]}");

        assertThat(SCHEMA.validateConfigFile(config)).extracting(SchemaProblem::path)
                .containsExactly("destinations[1].settings.portalId");
    }

    @Test
    void aTypoInASettingNameSuggestsTheRealOne() {
        assertThat(SCHEMA.validateSettings(json("{\"portalId\":\"1\",\"acessToken\":\"pat-na1-TEST\"}")))
                .extracting(SchemaProblem::message)
                .containsExactly("acessToken: is not a known setting (did you mean accessToken?)");
    }

    @Test
    void duplicateIdsNameTheDuplicateAndTheFirstUse() {
        JsonNode config = json("{\"destinations\":["
                + "{\"id\":\"acme\",\"writeKeys\":[\"k1\"],\"settings\":{\"portalId\":\"1\"}},"
                + "{\"id\":\"other\",\"writeKeys\":[\"k2\"],\"settings\":{\"portalId\":\"1\"}},"
                + "{\"id\":\"acme\",\"writeKeys\":[\"k3\"],\"settings\":{\"portalId\":\"1\"}}]}");

        assertThat(SCHEMA.validateConfigFile(config)).containsExactly(new SchemaProblem("destinations[2].id", "uniqueId",
                "destinations[2].id: must be unique, but \"acme\" is already the id of destinations[0]"));
    }

    @Test
    void messagesNeverRepeatASecretValue() {
        String token = "Bearer-super-secret-value";
        JsonNode config = json("{\"destinations\":[{\"id\":\"a\",\"writeKeys\":[\"" + token + "\"],"
                + "\"settings\":{\"portalId\":\"1\",\"accessToken\":\"" + token + "\"}},"
                + "{\"id\":\"b\",\"writeKeys\":[\"" + token + "\"],\"settings\":{\"portalId\":\"2\",\"accessToken\":7}}],"
                + "\"server\":{\"adminToken\":\"\"}}");

        List<SchemaProblem> problems = SCHEMA.validateConfigFile(config);

        assertThat(problems).extracting(SchemaProblem::rule).contains("pattern", "type", "uniqueWriteKey", "minLength");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).doesNotContain(token));
    }

    @Test
    void userIdPropertyMayNotRepeatAnExplicitContactIdProperty() {
        JsonNode settings = json("{\"portalId\":\"1\",\"contactIdProperty\":\"external_id\",\"userIdProperty\":\"external_id\"}");

        assertThat(SCHEMA.validateSettings(settings)).extracting(SchemaProblem::path, SchemaProblem::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("userIdProperty", "differentFrom"));
        assertThat(SCHEMA.validateSettings(json("{\"portalId\":\"1\",\"userIdProperty\":\"external_id\"}"))).isEmpty();
    }

    @Test
    void pageAndScreenEventNamesMustUseTheOwnPortal() {
        JsonNode settings = json("{\"portalId\":\"123\",\"pageEventName\":\"pe124_page\",\"screenEventName\":\"pe123_screen\"}");

        assertThat(SCHEMA.validateSettings(settings)).extracting(SchemaProblem::message)
                .containsExactly("pageEventName: must start with pe123_ (this destination's portalId), not pe124_");
    }

    @Test
    void aHubletMayRestateTheEuFlag() {
        assertThat(SCHEMA.validateSettings(json("{\"portalId\":\"1\",\"enableEuropeanDataCenter\":true,\"hublet\":\"eu1\"}"))).isEmpty();
        assertThat(SCHEMA.validateSettings(json("{\"portalId\":\"1\",\"enableEuropeanDataCenter\":false,\"hublet\":\"na2\"}"))).isEmpty();
    }

    @Test
    void aTestTokenIsAccepted() {
        assertThat(SCHEMA.validateSettings(json("{\"portalId\":\"1\",\"accessToken\":\"pat-na1-TEST\"}"))).isEmpty();
    }

    @Test
    void problemsComeSortedByPath() {
        List<SchemaProblem> problems = SCHEMA.validateSettings(
                json("{\"portalId\":\"x\",\"nullPolicy\":\"zap\",\"audienceMode\":\"y\",\"hublet\":\"Z\"}"));

        assertThat(problems).extracting(SchemaProblem::path)
                .containsExactly("audienceMode", "hublet", "nullPolicy", "portalId");
    }

    @Test
    void javaNullIsTreatedAsJsonNull() {
        assertThat(SCHEMA.validateSettings(null)).extracting(SchemaProblem::message)
                .containsExactly("(top level): must be an object, not null");
        assertThat(SCHEMA.validateConfigFile(null)).extracting(SchemaProblem::rule).containsExactly("type");
    }

    @Test
    void withDefaultsFillsEveryDefaultWithoutTouchingTheInput() {
        ObjectNode input = (ObjectNode) json("{\"portalId\":\"1\",\"consentCategories\":{\"analytics\":\"Stats\"},"
                + "\"eventMappings\":{\"Signed Up\":{\"name\":\"signed_up\"}},\"userIdProperty\":\"uid\",\"nullPolicy\":\"ignore\"}");
        JsonNode before = input.deepCopy();

        JsonNode full = SCHEMA.withDefaults(input);

        assertThat(input).isEqualTo(before);
        assertThat(full.path("contactIdProperty").asText()).isEqualTo("email");
        assertThat(full.path("nullPolicy").asText()).isEqualTo("ignore");
        assertThat(full.path("userIdProperty").asText()).isEqualTo("uid");
        assertThat(full.path("requestsPer10Seconds").asInt()).isEqualTo(100);
        assertThat(full.path("scriptLoadTimeoutMs").asInt()).isEqualTo(11000);
        assertThat(full.path("associationTypeId").asText()).isEqualTo("default");
        assertThat(full.path("consentCategories")).isEqualTo(
                json("{\"analytics\":\"Stats\",\"advertisement\":\"Advertising\",\"functionality\":\"Functional\"}"));
        assertThat(full.path("eventMappings").path("Signed Up").path("properties")).isEqualTo(json("{}"));
        assertThat(full.path("pageEventName").isNull()).isTrue();
        assertThat(full.has("accessToken")).as("a secret has no default").isFalse();
        assertThat(SCHEMA.validateSettings(full)).isEmpty();
    }

    @Test
    void withDefaultsCoversEverySettingExceptTheCredentials() {
        JsonNode full = SCHEMA.withDefaults(json("{\"portalId\":\"1\"}"));

        for (String name : SCHEMA.settingNames()) {
            if (!name.equals("accessToken")) {
                assertThat(full.has(name)).as(name).isTrue();
            }
        }
        assertThat(full.path("consentCategories")).isEqualTo(
                json("{\"analytics\":\"Analytics\",\"advertisement\":\"Advertising\",\"functionality\":\"Functional\"}"));
    }

    @Test
    void withDefaultsKeepsAnExplicitNull() {
        JsonNode full = SCHEMA.withDefaults(json("{\"portalId\":\"1\",\"userIdProperty\":null}"));

        assertThat(full.get("userIdProperty").isNull()).isTrue();
    }

    @Test
    void configWithDefaultsFillsTheServerAndEachDestination() {
        JsonNode config = json("{\"destinations\":[{\"id\":\"a\",\"writeKeys\":[\"k\"],\"settings\":{\"portalId\":\"1\"}}],"
                + "\"server\":{\"port\":0,\"apiVersions\":{\"crmObjects\":\"2026-03\"}}}");
        JsonNode before = config.deepCopy();

        JsonNode full = SCHEMA.configWithDefaults(config);

        assertThat(config).isEqualTo(before);
        JsonNode server = full.path("server");
        assertThat(server.path("port").asInt()).isZero();
        assertThat(server.path("host").asText()).isEqualTo("0.0.0.0");
        assertThat(server.path("hubspotBaseUrl").asText()).isEqualTo("https://api.hubapi.com");
        assertThat(server.path("dataDir").asText()).isEqualTo("./data");
        assertThat(server.path("maxQueuedOperations").asInt()).isEqualTo(100000);
        assertThat(server.path("requestTimeoutMs").asInt()).isEqualTo(8000);
        assertThat(server.path("requestReadTimeoutMs").asInt()).isEqualTo(30000);
        assertThat(server.path("shutdownGraceMs").asInt()).isEqualTo(10000);
        assertThat(server.path("pendingAssociationTtlHours").asInt()).isEqualTo(72);
        assertThat(server.path("pendingAssociationMaxEntries").asInt()).isEqualTo(100000);
        assertThat(server.path("hubspotRequestTimeoutMs").asInt()).isEqualTo(30000);
        assertThat(server.path("apiVersions")).isEqualTo(json(
                "{\"crmObjects\":\"2026-03\",\"crmProperties\":\"v3\",\"associations\":\"v4\",\"events\":\"v3\",\"lists\":\"v3\"}"));
        assertThat(server.has("adminToken")).isFalse();
        assertThat(full.path("destinations").path(0).path("settings").path("contactIdProperty").asText()).isEqualTo("email");

        JsonNode noServer = SCHEMA.configWithDefaults(json("{\"destinations\":[]}"));
        assertThat(noServer.path("server").path("port").asInt()).isEqualTo(8080);
    }

    @Test
    void publicSettingsCarryNoSecret() {
        JsonNode settings = json("{\"portalId\":\"1\",\"accessToken\":\"pat-na1-TEST\",\"hublet\":\"eu1\",\"userIdProperty\":\"uid\"}");

        ObjectNode browser = SCHEMA.publicSettings(settings);

        assertThat(browser.has("accessToken")).isFalse();
        assertThat(browser.has("userIdProperty")).as("cloud-only settings stay on the server").isFalse();
        assertThat(browser.path("portalId").asText()).isEqualTo("1");
        assertThat(browser.path("hublet").asText()).isEqualTo("eu1");
        assertThat(browser.path("skipInitialPageView").asBoolean()).isTrue();
        assertThat(browser.toString()).doesNotContain("pat-na1-TEST");
        assertThat(iterable(browser)).containsExactlyInAnyOrderElementsOf(SCHEMA.publicSettingNames());
    }

    @Test
    void publicAndSecretSettingNames() {
        assertThat(SCHEMA.secretSettingNames()).containsExactly("accessToken");
        assertThat(SCHEMA.publicSettingNames()).containsExactlyInAnyOrder("portalId", "enableEuropeanDataCenter", "hublet",
                "loadFormsSDK", "flushIdentifyImmediately", "formatCustomBehavioralEventNames", "skipInitialPageView",
                "requireConsent", "consentCategories", "scriptLoadTimeoutMs");
        assertThat(SCHEMA.publicSettingNames()).doesNotContainAnyElementsOf(SCHEMA.secretSettingNames());
        assertThat(SCHEMA.secretServerSettingNames()).containsExactly("adminToken");
        assertThat(SCHEMA.serverSettingNames()).containsExactly("port", "host", "hubspotBaseUrl", "adminToken", "dataDir",
                "maxQueuedOperations", "requestTimeoutMs", "requestReadTimeoutMs", "shutdownGraceMs", "pendingAssociationTtlHours",
                "pendingAssociationMaxEntries", "hubspotRequestTimeoutMs", "apiVersions", "delivery", "kafka");
    }

    @Test
    void nameSetsAreReadOnly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SCHEMA.publicSettingNames().add("accessToken"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
