package io.hsdest.settings;

import java.util.Objects;

/**
 * One thing wrong with a settings object or a config file.
 *
 * @param path    where, as a JSON path without the leading {@code $}, such as
 *                {@code destinations[0].settings.portalId}; empty for the document itself
 * @param rule    the rule broken: the JSON Schema keyword ({@code pattern}, {@code required},
 *                {@code additionalProperties}, ...) or one of the checks the schema cannot express
 *                ({@code uniqueId}, {@code uniqueWriteKey}, {@code differentFrom}, {@code portalPrefix})
 * @param message one line for a person: the path, then the rule in plain words. It never repeats the
 *                value of a setting, so it is safe to log even when the value is a secret.
 */
public record SchemaProblem(String path, String rule, String message) {

    public SchemaProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message + " [" + rule + "]";
    }
}
