package io.hsdest.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ApplyDefaultsStrategy;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The destination settings schema and the config-file schema, loaded from the classpath, with the few
 * checks JSON Schema cannot express.
 *
 * <p>Everything a setting is (name, type, default, description, whether it is secret or may reach
 * the browser) is declared once, in {@code hubspot-destination.schema.json}; this class only reads it.
 * Validation is done by the JSON Schema validator; on top of it this class checks what the schema
 * language cannot say: destination ids and write keys unique across the file, {@code userIdProperty}
 * different from {@code contactIdProperty}, and {@code pe<digits>_} event names using this
 * destination's own portal id.
 *
 * <p>Loading never touches the network: the schemas' {@code $id}s are mapped to the classpath, and
 * any other schema location is refused. An instance is immutable and safe to share between threads;
 * no method mutates its argument.
 */
public final class SettingsSchema {

    static final String SCHEMA_BASE_IRI = "https://hsdest.io/schemas/";
    static final String CLASSPATH_DIR = "io/hsdest/settings/";
    static final String SETTINGS_FILE = "hubspot-destination.schema.json";
    static final String CONFIG_FILE = "destination-config.schema.json";

    /** Our own annotation keywords; declared so the validator knows them and stays quiet about them. */
    static final List<String> ANNOTATIONS = List.of("x-secret", "x-public", "x-mode", "x-env", "x-hint");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode settingsDocument;
    private final JsonNode configDocument;
    private final JsonSchema settingsSchema;
    private final JsonSchema configSchema;
    private final JsonSchema settingsDefaulter;
    private final JsonSchema configDefaulter;
    private final ProblemWording wording;

    private SettingsSchema(JsonNode settingsDocument, JsonNode configDocument) {
        this.settingsDocument = settingsDocument;
        this.configDocument = configDocument;
        JsonSchemaFactory factory = offlineFactory();
        SchemaValidatorsConfig validating = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .build();
        SchemaValidatorsConfig defaulting = SchemaValidatorsConfig.builder()
                .applyDefaultsStrategy(new ApplyDefaultsStrategy(true, false, false))
                .build();
        this.settingsSchema = factory.getSchema(SchemaLocation.of(SCHEMA_BASE_IRI + SETTINGS_FILE), validating);
        this.configSchema = factory.getSchema(SchemaLocation.of(SCHEMA_BASE_IRI + CONFIG_FILE), validating);
        this.settingsDefaulter = factory.getSchema(SchemaLocation.of(SCHEMA_BASE_IRI + SETTINGS_FILE), defaulting);
        this.configDefaulter = factory.getSchema(SchemaLocation.of(SCHEMA_BASE_IRI + CONFIG_FILE), defaulting);
        // Built eagerly: the validator's lazy set-up is not meant to race between threads.
        List.of(settingsSchema, configSchema, settingsDefaulter, configDefaulter).forEach(JsonSchema::initializeValidators);
        this.wording = new ProblemWording(Map.of(SETTINGS_FILE, settingsDocument, CONFIG_FILE, configDocument));
    }

    /**
     * Loads both schemas from the classpath ({@code io/hsdest/settings/} in this module's jar).
     *
     * @throws IllegalStateException if a schema file is missing or is not valid JSON
     */
    public static SettingsSchema load() {
        return new SettingsSchema(readClasspath(SETTINGS_FILE), readClasspath(CONFIG_FILE));
    }

    /**
     * Validates one destination's {@code settings} object.
     *
     * @return the problems found, sorted by path; empty when the settings are valid
     */
    public List<SchemaProblem> validateSettings(JsonNode settings) {
        JsonNode document = orNull(settings);
        List<SchemaProblem> problems = new ArrayList<>(describe(settingsSchema.validate(document)));
        problems.addAll(CrossFieldChecks.settings(document, "", withDefaults(document)));
        return sorted(problems);
    }

    /**
     * Validates a whole config file ({@code {"destinations":[...], "server":{...}}}), including each
     * destination's settings, unique destination ids and write keys used by one destination only.
     *
     * @return the problems found, sorted by path; empty when the file is valid
     */
    public List<SchemaProblem> validateConfigFile(JsonNode config) {
        JsonNode document = orNull(config);
        List<SchemaProblem> problems = new ArrayList<>(describe(configSchema.validate(document)));
        problems.addAll(CrossFieldChecks.configFile(document, this::withDefaults));
        return sorted(problems);
    }

    /**
     * Returns a copy of {@code settings} in which every setting that has a default and is absent
     * carries that default, nested ones included ({@code consentCategories.analytics}, each event
     * mapping's {@code properties}). Settings that are present, even as {@code null}, are kept as
     * they are. The argument is not changed.
     */
    public JsonNode withDefaults(JsonNode settings) {
        return fillDefaults(settingsDefaulter, settings);
    }

    /**
     * Returns a copy of a config file with the server defaults filled in (an absent {@code server}
     * object included) and every destination's settings passed through {@link #withDefaults}.
     * The argument is not changed.
     */
    public JsonNode configWithDefaults(JsonNode config) {
        return fillDefaults(configDefaulter, config);
    }

    /**
     * The settings the browser snippet may receive, taken from {@code settings} with defaults filled.
     * Only settings marked {@code x-public} are copied, so a secret can never leave through here.
     */
    public ObjectNode publicSettings(JsonNode settings) {
        JsonNode full = withDefaults(settings);
        ObjectNode out = JSON.createObjectNode();
        for (String name : publicSettingNames()) {
            if (full.has(name)) {
                out.set(name, full.get(name).deepCopy());
            }
        }
        return out;
    }

    /** Every destination setting name, in schema order. */
    public Set<String> settingNames() {
        return names(settingsProperties(), node -> true);
    }

    /** Settings marked {@code "x-public": true}: those the browser snippet may receive. */
    public Set<String> publicSettingNames() {
        return names(settingsProperties(), node -> node.path("x-public").asBoolean(false));
    }

    /** Settings marked {@code "x-secret": true}: never logged, never sent to the browser. */
    public Set<String> secretSettingNames() {
        return names(settingsProperties(), node -> node.path("x-secret").asBoolean(false));
    }

    /** Every key of the config file's {@code server} object, in schema order. */
    public Set<String> serverSettingNames() {
        return names(serverProperties(), node -> true);
    }

    /** Keys of the {@code server} object marked {@code "x-secret": true}. */
    public Set<String> secretServerSettingNames() {
        return names(serverProperties(), node -> node.path("x-secret").asBoolean(false));
    }

    /** The raw settings schema document, for the docs generator and tests. */
    JsonNode settingsDocument() {
        return settingsDocument;
    }

    /** The raw config-file schema document, for the docs generator and tests. */
    JsonNode configDocument() {
        return configDocument;
    }

    JsonNode settingsProperties() {
        return settingsDocument.path("properties");
    }

    JsonNode serverProperties() {
        return configDocument.path("properties").path("server").path("properties");
    }

    private List<SchemaProblem> describe(Set<ValidationMessage> messages) {
        List<SchemaProblem> problems = new ArrayList<>(messages.size());
        for (ValidationMessage message : messages) {
            problems.add(wording.describe(message));
        }
        return problems;
    }

    private static JsonNode orNull(JsonNode document) {
        return document == null ? JSON.nullNode() : document;
    }

    private static JsonNode fillDefaults(JsonSchema defaulter, JsonNode document) {
        JsonNode copy = orNull(document).deepCopy();
        defaulter.walk(copy, false);
        return copy;
    }

    private static List<SchemaProblem> sorted(List<SchemaProblem> problems) {
        List<SchemaProblem> unique = new ArrayList<>(new LinkedHashSet<>(problems));
        unique.sort(Comparator.comparing(SchemaProblem::path).thenComparing(SchemaProblem::rule));
        return Collections.unmodifiableList(unique);
    }

    private static Set<String> names(JsonNode properties, Predicate<JsonNode> keep) {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> field : properties.properties()) {
            if (keep.test(field.getValue())) {
                out.add(field.getKey());
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * A 2020-12 factory that knows our annotation keywords, maps our {@code $id}s to the classpath and
     * refuses every schema location that is not on the classpath, so a stray {@code $ref} fails
     * instead of reaching out to the network.
     */
    static JsonSchemaFactory offlineFactory() {
        JsonMetaSchema.Builder dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012());
        ANNOTATIONS.forEach(name -> dialect.keyword(new NonValidationKeyword(name)));
        JsonMetaSchema ours = dialect.build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(ours)
                .schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_BASE_IRI, "classpath:" + CLASSPATH_DIR))
                .schemaLoaders(loaders -> loaders.add(new AllowSchemaLoader(
                        iri -> iri.toString().startsWith("classpath:")))));
    }

    private static JsonNode readClasspath(String file) {
        String resource = CLASSPATH_DIR + file;
        try (InputStream in = SettingsSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }
}
