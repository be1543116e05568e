package io.hsdest.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the validator's messages into {@link SchemaProblem}s a person can act on: the field as a
 * dotted JSON path, and the rule in plain words, with the schema's {@code x-hint} where it has one.
 * Values are never quoted back, so secrets stay out of logs.
 */
final class ProblemWording {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    /** Schema documents by file name, to look up the schema around a failing keyword. */
    private final Map<String, JsonNode> documents;

    ProblemWording(Map<String, JsonNode> documents) {
        this.documents = documents;
    }

    SchemaProblem describe(ValidationMessage message) {
        String rule = message.getType();
        String at = path(message.getInstanceLocation());
        JsonNode keywordSchema = schemaAround(message.getSchemaLocation());
        String hint = keywordSchema.path("x-hint").asText("");
        JsonNode value = message.getSchemaNode();
        String words;
        switch (rule) {
            case "required":
                at = child(at, message.getProperty());
                words = "is required";
                break;
            case "additionalProperties":
                at = child(at, message.getProperty());
                words = unknownKey(message) + suggestion(message.getProperty(), keywordSchema.path("properties"));
                break;
            case "propertyNames":
                at = child(at, String.valueOf(message.getArguments()[0]));
                String keyHint = value.path("x-hint").asText("");
                words = "is not an allowed key" + (keyHint.isEmpty() ? ": " + message.getArguments()[1] : " (" + keyHint + ")");
                break;
            case "type":
                words = "must be " + typeWords(value) + ", not " + actualType(message.getInstanceNode())
                        + withHint(hint);
                break;
            case "pattern":
                words = "must match " + value.asText() + withHint(hint);
                break;
            case "enum":
                words = "must be one of: " + list(value) + withHint(hint);
                break;
            case "const":
                words = "must be " + value + withHint(hint);
                break;
            case "minimum":
                words = "must be at least " + value.asText();
                break;
            case "maximum":
                words = "must be at most " + value.asText();
                break;
            case "exclusiveMinimum":
                words = "must be more than " + value.asText();
                break;
            case "exclusiveMaximum":
                words = "must be less than " + value.asText();
                break;
            case "minLength":
                words = value.asInt() == 1 ? "must not be empty" : "must be at least " + value.asText() + " characters long";
                break;
            case "maxLength":
                words = "must be at most " + value.asText() + " characters long";
                break;
            case "minItems":
                words = "must list at least " + value.asText() + (value.asInt() == 1 ? " item" : " items");
                break;
            case "maxItems":
                words = "must list at most " + value.asText() + (value.asInt() == 1 ? " item" : " items");
                break;
            case "uniqueItems":
                words = "must not list the same value twice";
                break;
            case "format":
                words = "must be a valid " + value.asText().toUpperCase(Locale.ROOT) + withHint(hint);
                break;
            default:
                words = "breaks the rule '" + rule + "': " + message.getMessage();
                break;
        }
        return new SchemaProblem(at, rule, (at.isEmpty() ? "(top level)" : at) + ": " + words);
    }

    /** {@code /destinations/0/settings/portalId} becomes {@code destinations[0].settings.portalId}. */
    static String path(JsonNodePath location) {
        String out = "";
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            out = element instanceof Integer ? out + "[" + element + "]" : child(out, String.valueOf(element));
        }
        return out;
    }

    static String child(String parent, String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /** The schema object that holds the failing keyword, or a missing node when it cannot be found. */
    private JsonNode schemaAround(SchemaLocation location) {
        String iri = String.valueOf(location.getAbsoluteIri());
        JsonNode node = documents.entrySet().stream()
                .filter(entry -> iri.endsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        JsonNodePath fragment = location.getFragment();
        if (node == null || fragment == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer ? node.path((Integer) element) : node.path(String.valueOf(element));
        }
        return node;
    }

    private String unknownKey(ValidationMessage message) {
        String where = String.valueOf(message.getSchemaLocation());
        if (where.endsWith(SettingsSchema.SETTINGS_FILE + "#/additionalProperties")) {
            return "is not a known setting";
        }
        if (where.endsWith(SettingsSchema.CONFIG_FILE + "#/properties/server/additionalProperties")) {
            return "is not a known server setting";
        }
        return "is not an allowed key here";
    }

    /** A "did you mean" for typos such as {@code acessToken}, when one known name is close. */
    static String suggestion(String unknown, JsonNode properties) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : fieldNames(properties)) {
            int distance = known.equalsIgnoreCase(unknown) ? 0 : distance(known.toLowerCase(Locale.ROOT),
                    unknown.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(3, unknown.length() / 4));
        return best != null && bestDistance <= allowed ? " (did you mean " + best + "?)" : "";
    }

    private static List<String> fieldNames(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Levenshtein distance; the names compared are short. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String withHint(String hint) {
        return hint.isEmpty() ? "" : " (" + hint + ")";
    }

    private static String list(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.isTextual() ? v.asText() : v.toString()));
        return String.join(", ", out);
    }

    static String typeWords(JsonNode type) {
        if (type.isArray()) {
            List<String> out = new ArrayList<>();
            type.forEach(t -> out.add(typeWord(t.asText())));
            return String.join(" or ", out);
        }
        return typeWord(type.asText());
    }

    private static String typeWord(String type) {
        switch (type) {
            case "string": return "a string";
            case "integer": return "a whole number";
            case "number": return "a number";
            case "boolean": return "true or false";
            case "object": return "an object";
            case "array": return "an array";
            case "null": return "null";
            default: return type;
        }
    }

    private static String actualType(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        if (value.isIntegralNumber()) {
            return "a whole number";
        }
        if (value.isNumber()) {
            return "a decimal number";
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        return typeWord(value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
}
