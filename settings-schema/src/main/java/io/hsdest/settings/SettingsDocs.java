package io.hsdest.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes the settings reference from the schemas: {@code docs/settings.md}, and the region of the
 * repository's {@code README.md} between {@value #BEGIN} and {@value #END} when README.md has them.
 *
 * <p>Run it with {@value #COMMAND}. The optional argument is the repository root; without it the
 * root is found by walking up from the working directory. A test fails when the files on disk
 * differ from what this class renders, so the docs cannot drift from the schema.
 */
public final class SettingsDocs {

    /** The one command that regenerates the docs. */
    public static final String COMMAND = "mvn -B -q -pl settings-schema compile exec:java";
    static final String BEGIN = "<!-- settings:begin -->";
    static final String END = "<!-- settings:end -->";
    static final String DOCS_FILE = "docs/settings.md";
    private static final Pattern ANGLE_PLACEHOLDER = Pattern.compile("[\\w/]*<\\w+>[\\w/<>…]*");

    private SettingsDocs() {
    }

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]).toAbsolutePath().normalize()
                : findRepoRoot(Path.of("").toAbsolutePath());
        SettingsSchema schema = SettingsSchema.load();

        Path docs = root.resolve(DOCS_FILE);
        Files.createDirectories(docs.getParent());
        Files.writeString(docs, settingsPage(schema), StandardCharsets.UTF_8);
        System.out.println("wrote " + docs);

        Path readme = root.resolve("README.md");
        if (!Files.isRegularFile(readme)) {
            System.out.println("no README.md at " + root + "; skipped");
            return;
        }
        Optional<String> updated = replaceRegion(Files.readString(readme, StandardCharsets.UTF_8), readmeRegion(schema));
        if (updated.isEmpty()) {
            System.out.println("README.md has no " + BEGIN + " ... " + END + " region; skipped");
            return;
        }
        Files.writeString(readme, updated.get(), StandardCharsets.UTF_8);
        System.out.println("updated the settings region of " + readme);
    }

    /** The nearest directory at or above {@code start} holding both {@code settings-schema/} and {@code pom.xml}. */
    static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("settings-schema")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with settings-schema/ and pom.xml at or above " + start);
    }

    /**
     * {@code readme} with its settings region replaced by {@code region}, or empty when README.md
     * lacks the markers (or has them in the wrong order).
     */
    static Optional<String> replaceRegion(String readme, String region) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            return Optional.empty();
        }
        return Optional.of(readme.substring(0, begin + BEGIN.length()) + "\n" + region + readme.substring(end));
    }

    /** The text between the README markers (without them), or empty when README.md lacks them. */
    static Optional<String> currentRegion(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            return Optional.empty();
        }
        String inside = readme.substring(begin + BEGIN.length(), end);
        return Optional.of(inside.startsWith("\n") ? inside.substring(1) : inside);
    }

    /** The whole of {@code docs/settings.md}. */
    static String settingsPage(SettingsSchema schema) {
        StringBuilder out = new StringBuilder();
        out.append("<!-- Generated from settings-schema/*.schema.json by io.hsdest.settings.SettingsDocs."
                + " Do not edit by hand; regenerate with: ").append(COMMAND).append(" -->\n\n");
        out.append("# Settings reference\n\n");
        out.append("Each destination has a `settings` object, checked at start-up against\n"
                + "[`settings-schema/hubspot-destination.schema.json`](../settings-schema/hubspot-destination.schema.json).\n"
                + "The config file as a whole follows\n"
                + "[`settings-schema/destination-config.schema.json`](../settings-schema/destination-config.schema.json).\n"
                + "A bad file stops the server with a message naming the field and the rule it broke.\n\n");
        out.append("**Mode** says where a setting acts: `cloud` (the server's calls to HubSpot's API), `device`\n"
                + "(the browser snippet) or `both`. **public** settings may be baked into the browser snippet;\n"
                + "**secret** ones never leave the server and are never logged.\n\n");

        out.append("## Destination settings\n\n");
        out.append("| setting | type | default | mode | description |\n|---|---|---|---|---|\n");
        for (Row row : rows(schema.settingsDocument(), schema.settingsProperties(), "", "", List.of("portalId"))) {
            out.append(cells(code(row.name()), row.type(), row.defaultValue(), row.mode(), row.description()
                    + (row.env().isEmpty() ? "" : " Environment: `" + row.env() + "` (the default destination only).")));
        }

        out.append("\nBeyond the schema, start-up also checks that `userIdProperty` differs from\n"
                + "`contactIdProperty`, and that event names of the form `pe<digits>_...` (in `eventMappings`,\n"
                + "`pageEventName`, `screenEventName`) use this destination's own `portalId`.\n\n");

        out.append("## Config file\n\n");
        out.append("Given with `--config <file>` or `DESTINATION_CONFIG`:\n\n```json\n"
                + "{\n"
                + "  \"destinations\": [\n"
                + "    {\"id\": \"acme\", \"writeKeys\": [\"wk1\"], \"settings\": {\"portalId\": \"123456\", \"accessToken\": \"pat-na1-...\"}}\n"
                + "  ],\n"
                + "  \"server\": {\"port\": 8080}\n"
                + "}\n```\n\n");
        out.append("| key | type | default | description |\n|---|---|---|---|\n");
        JsonNode configProperties = schema.configDocument().path("properties");
        JsonNode destination = configProperties.path("destinations").path("items");
        out.append(cells(code("destinations"), "array, at least 1 item", "**required**",
                configProperties.path("destinations").path("description").asText()));
        for (Row row : rows(schema.configDocument(), destination.path("properties"), "destinations[].", "",
                listOf(destination.path("required")))) {
            out.append(cells(code(row.name()), row.type(), row.defaultValue(), row.description()));
        }
        out.append(cells(code("server"), "object", "`{}`", configProperties.path("server").path("description").asText()));
        out.append("\nDestination ids must be unique, and a write key may belong to one destination only.\n\n");

        out.append("## Server settings\n\n");
        out.append("The `server` object of the config file. Where an environment variable is named, it wins over the file.\n\n");
        out.append("| key | type | default | environment | description |\n|---|---|---|---|---|\n");
        for (Row row : rows(schema.configDocument(), schema.serverProperties(), "", "", List.of())) {
            out.append(cells(code(row.name()), row.type(), row.defaultValue(),
                    row.env().isEmpty() ? "" : code(row.env()), (row.secret() ? "**Secret.** " : "") + row.description()));
        }

        out.append("\n## Schema annotations\n\n"
                + "| annotation | meaning |\n|---|---|\n"
                + "| `x-mode` | `cloud`, `device` or `both`: where the setting acts |\n"
                + "| `x-public` | the browser snippet may receive the setting |\n"
                + "| `x-secret` (with `writeOnly`) | a credential: never sent to the browser, never logged or echoed |\n"
                + "| `x-env` | the environment variable that sets the same value and wins over the file |\n"
                + "| `x-hint` | plain words for a pattern, used in error messages |\n");
        return out.toString();
    }

    /** The README region: a compact destination-settings table and a pointer to the full page. */
    static String readmeRegion(SettingsSchema schema) {
        StringBuilder out = new StringBuilder();
        out.append("<!-- Generated by io.hsdest.settings.SettingsDocs; regenerate with: ").append(COMMAND).append(" -->\n");
        out.append("| setting | default | mode | meaning |\n|---|---|---|---|\n");
        for (Row row : rows(schema.settingsDocument(), schema.settingsProperties(), "", "", List.of("portalId"))) {
            if (!row.name().contains(".")) {
                out.append(cells(code(row.name()), row.defaultValue(), row.mode(), firstSentence(row.description())));
            }
        }
        out.append("\nTypes, nested keys, server settings and the config file: [docs/settings.md](docs/settings.md).\n");
        return out.toString();
    }

    /** One table row per property, then rows for its nested keys. */
    private static List<Row> rows(JsonNode document, JsonNode properties, String prefix, String inheritedMode,
                                  List<String> required) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : properties.properties()) {
            String name = prefix + entry.getKey();
            JsonNode node = resolve(document, entry.getValue());
            String mode = node.path("x-mode").asText(inheritedMode);
            boolean secret = node.path("x-secret").asBoolean(false);
            String flags = mode + (node.path("x-public").asBoolean(false) ? ", public" : "")
                    + (secret ? ", **secret**" : "");
            rows.add(new Row(name, type(node), defaultText(node, required.contains(entry.getKey())),
                    flags.startsWith(", ") ? flags.substring(2) : flags, node.path("x-env").asText(""), secret,
                    placeholdersAsCode(node.path("description").asText(""))));
            if (node.has("properties")) {
                rows.addAll(rows(document, node.path("properties"), name + ".", mode, listOf(node.path("required"))));
            }
            JsonNode each = node.path("additionalProperties");
            if (each.isObject() && each.has("properties")) {
                rows.addAll(rows(document, each.path("properties"), name + ".<key>.", mode, listOf(each.path("required"))));
            }
        }
        return rows;
    }

    /** The property's own keywords over those of a local {@code $ref} target. */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (!ref.startsWith("#/")) {
            return node;
        }
        JsonNode target = document.at(ref.substring(1));
        ObjectNode merged = target.isObject() ? ((ObjectNode) target).deepCopy() : node.deepCopy();
        merged.setAll((ObjectNode) node);
        merged.remove("$ref");
        return merged;
    }

    private static String type(JsonNode node) {
        if (!node.has("type") && node.path("$ref").asText().endsWith(SettingsSchema.SETTINGS_FILE)) {
            return "object: the destination settings above";
        }
        JsonNode type = node.path("type");
        List<String> parts = new ArrayList<>();
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(t.asText()));
            parts.add(String.join(" or ", names));
        } else if (type.asText().equals("array") && node.path("items").has("type")) {
            parts.add("array of " + node.path("items").path("type").asText() + "s");
        } else {
            parts.add(type.asText("any"));
        }
        if (node.has("enum")) {
            List<String> values = new ArrayList<>();
            node.path("enum").forEach(v -> values.add("`" + v.asText() + "`"));
            parts.add("one of " + String.join(", ", values));
        }
        if (node.has("minimum") && node.has("maximum")) {
            parts.add(node.path("minimum").asText() + " to " + node.path("maximum").asText());
        } else if (node.has("minimum")) {
            parts.add("at least " + node.path("minimum").asText());
        } else if (node.has("maximum")) {
            parts.add("at most " + node.path("maximum").asText());
        }
        if (node.has("minItems")) {
            parts.add("at least " + node.path("minItems").asText());
        }
        if (node.path("uniqueItems").asBoolean(false)) {
            parts.add("no repeats");
        }
        if (node.has("format")) {
            parts.add(node.path("format").asText());
        }
        if (node.has("pattern")) {
            parts.add("matching `" + node.path("pattern").asText() + "`");
        }
        return String.join(", ", parts);
    }

    private static String defaultText(JsonNode node, boolean required) {
        if (!node.has("default")) {
            return required ? "**required**" : "unset";
        }
        JsonNode value = node.get("default");
        return value.isNull() ? "unset (`null`)" : "`" + value + "`";
    }

    /** Placeholders such as pe<portalId>_<name> would read as HTML tags; show them as code. */
    private static String placeholdersAsCode(String text) {
        return ANGLE_PLACEHOLDER.matcher(text).replaceAll("`$0`");
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    private static List<String> listOf(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String cells(String... cells) {
        StringBuilder out = new StringBuilder("|");
        for (String cell : cells) {
            out.append(' ').append(cell.replace("\\|", "|").replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        return out.append('\n').toString();
    }

    /** One documented key. */
    private record Row(String name, String type, String defaultValue, String mode, String env, boolean secret,
                       String description) {
    }
}
