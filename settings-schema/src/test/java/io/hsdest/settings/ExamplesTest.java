package io.hsdest.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code examples/valid} passes, and every file in {@code examples/invalid} fails with
 * exactly the problems its {@code expect} list names. A file whose name starts with {@code config-}
 * is a whole config file; one starting with {@code settings-} is one destination's settings.
 */
class ExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("examples");
    private static final SettingsSchema SCHEMA = SettingsSchema.load();

    static Stream<Path> validExamples() throws IOException {
        return list(EXAMPLES.resolve("valid"));
    }

    static Stream<Path> invalidExamples() throws IOException {
        return list(EXAMPLES.resolve("invalid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExampleHasNoProblems(Path file) throws IOException {
        JsonNode document = JSON.readTree(file.toFile());

        assertThat(validate(file, document)).as(file.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleFailsWithTheExpectedFieldAndRule(Path file) throws IOException {
        JsonNode example = JSON.readTree(file.toFile());
        assertThat(example.path("$comment").asText()).as("%s explains itself in $comment", file).isNotBlank();
        List<String> expected = new ArrayList<>();
        example.path("expect").forEach(e -> expected.add(e.path("path").asText() + " " + e.path("rule").asText()));
        assertThat(expected).as("%s names the problems it expects", file).isNotEmpty();

        List<SchemaProblem> problems = validate(file, example.path("document"));

        assertThat(problems).extracting(p -> p.path() + " " + p.rule()).as(file.toString())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(problems).allSatisfy(p -> assertThat(p.message())
                .startsWith(p.path().isEmpty() ? "(top level): " : p.path() + ": "));
    }

    @Test
    void thereAreExamplesOfBothKindsAndBothOutcomes() throws IOException {
        List<String> names = Stream.concat(validExamples(), invalidExamples())
                .map(p -> p.getParent().getFileName() + "/" + p.getFileName().toString().replaceAll("-.*", ""))
                .distinct().collect(Collectors.toList());

        assertThat(names).contains("valid/settings", "valid/config", "invalid/settings", "invalid/config");
    }

    private static List<SchemaProblem> validate(Path file, JsonNode document) {
        String name = file.getFileName().toString();
        if (name.startsWith("config-")) {
            return SCHEMA.validateConfigFile(document);
        }
        assertThat(name).as("example names start with config- or settings-").startsWith("settings-");
        return SCHEMA.validateSettings(document);
    }

    private static Stream<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList()).stream();
        }
    }
}
