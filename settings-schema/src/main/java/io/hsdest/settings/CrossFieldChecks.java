package io.hsdest.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules JSON Schema cannot state because they compare one value with another. Each check looks
 * only at values of the right shape and skips the rest, which the schema reports already.
 */
final class CrossFieldChecks {

    private static final Pattern PORTAL_PREFIX = Pattern.compile("^pe(\\d+)_");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private CrossFieldChecks() {
    }

    /**
     * Checks one settings object.
     *
     * @param settings     the settings as given
     * @param at           the path of the settings object, empty at the top level
     * @param withDefaults the same settings with defaults filled, so that a default takes part too
     */
    static List<SchemaProblem> settings(JsonNode settings, String at, JsonNode withDefaults) {
        List<SchemaProblem> problems = new ArrayList<>();
        if (!settings.isObject()) {
            return problems;
        }
        JsonNode userId = withDefaults.path("userIdProperty");
        JsonNode contactId = withDefaults.path("contactIdProperty");
        if (userId.isTextual() && contactId.isTextual() && userId.asText().equals(contactId.asText())) {
            String path = ProblemWording.child(at, "userIdProperty");
            problems.add(new SchemaProblem(path, "differentFrom", path
                    + ": must differ from contactIdProperty (both are " + userId.asText()
                    + "); leave userIdProperty unset to find contacts by contactIdProperty alone"));
        }
        JsonNode portalId = settings.path("portalId");
        if (portalId.isTextual() && DIGITS.matcher(portalId.asText()).matches()) {
            String portal = portalId.asText();
            checkPrefix(problems, ProblemWording.child(at, "pageEventName"), settings.path("pageEventName"), portal);
            checkPrefix(problems, ProblemWording.child(at, "screenEventName"), settings.path("screenEventName"), portal);
            JsonNode mappings = settings.path("eventMappings");
            if (mappings.isObject()) {
                String mappingsAt = ProblemWording.child(at, "eventMappings");
                mappings.properties().forEach(entry -> checkPrefix(problems,
                        ProblemWording.child(ProblemWording.child(mappingsAt, entry.getKey()), "name"),
                        entry.getValue().path("name"), portal));
            }
        }
        return problems;
    }

    /**
     * Checks a config file: ids and write keys each used once, then every destination's settings.
     *
     * @param withDefaults fills a settings object's defaults
     */
    static List<SchemaProblem> configFile(JsonNode config, UnaryOperator<JsonNode> withDefaults) {
        List<SchemaProblem> problems = new ArrayList<>();
        JsonNode destinations = config.path("destinations");
        if (!destinations.isArray()) {
            return problems;
        }
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> writeKeys = new HashMap<>();
        for (int i = 0; i < destinations.size(); i++) {
            JsonNode destination = destinations.get(i);
            String at = "destinations[" + i + "]";
            JsonNode id = destination.path("id");
            if (id.isTextual()) {
                Integer first = ids.putIfAbsent(id.asText(), i);
                if (first != null) {
                    problems.add(new SchemaProblem(at + ".id", "uniqueId", at + ".id: must be unique, but \""
                            + id.asText() + "\" is already the id of destinations[" + first + "]"));
                }
            }
            JsonNode keys = destination.path("writeKeys");
            for (int k = 0; k < keys.size(); k++) {
                JsonNode key = keys.get(k);
                if (!key.isTextual()) {
                    continue;
                }
                Integer owner = writeKeys.putIfAbsent(key.asText(), i);
                if (owner != null && owner != i) {
                    String path = at + ".writeKeys[" + k + "]";
                    problems.add(new SchemaProblem(path, "uniqueWriteKey", path
                            + ": must belong to one destination only, but destinations[" + owner
                            + "] lists the same write key"));
                }
            }
            JsonNode settings = destination.path("settings");
            if (settings.isObject()) {
                problems.addAll(settings(settings, at + ".settings", withDefaults.apply(settings)));
            }
        }
        return problems;
    }

    private static void checkPrefix(List<SchemaProblem> problems, String path, JsonNode name, String portalId) {
        if (!name.isTextual()) {
            return;
        }
        Matcher prefix = PORTAL_PREFIX.matcher(name.asText());
        if (prefix.find() && !prefix.group(1).equals(portalId)) {
            problems.add(new SchemaProblem(path, "portalPrefix", path + ": must start with pe" + portalId
                    + "_ (this destination's portalId), not pe" + prefix.group(1) + "_"));
        }
    }
}
