package io.hsdest.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fails when docs/settings.md or README.md's settings region no longer matches the schema. */
class DocsAreCurrentTest {

    private static final SettingsSchema SCHEMA = SettingsSchema.load();
    private static final Path ROOT = SettingsDocs.findRepoRoot(Path.of(""));
    private static final String FIX = " is out of date with the schema; regenerate it with: " + SettingsDocs.COMMAND;

    @Test
    void settingsPageIsCurrent() throws IOException {
        Path page = ROOT.resolve(SettingsDocs.DOCS_FILE);
        assertThat(page).as(SettingsDocs.DOCS_FILE + " is missing; create it with: " + SettingsDocs.COMMAND).isRegularFile();

        assertThat(Files.readString(page, StandardCharsets.UTF_8)).as(SettingsDocs.DOCS_FILE + FIX)
                .isEqualTo(SettingsDocs.settingsPage(SCHEMA));
    }

    @Test
    void readmeRegionIsCurrentWhenReadmeHasOne() throws IOException {
        Path readme = ROOT.resolve("README.md");
        Optional<String> region = Files.isRegularFile(readme)
                ? SettingsDocs.currentRegion(Files.readString(readme, StandardCharsets.UTF_8))
                : Optional.empty();

        region.ifPresent(text -> assertThat(text).as("README.md's settings region" + FIX)
                .isEqualTo(SettingsDocs.readmeRegion(SCHEMA)));
    }

    @Test
    void theRegionIsReplacedBetweenTheMarkersOnly() {
        String readme = "# Title\n\nintro\n" + SettingsDocs.BEGIN + "\nold table\n" + SettingsDocs.END + "\n\nafter\n";

        String updated = SettingsDocs.replaceRegion(readme, "new table\n").orElseThrow();

        assertThat(updated).isEqualTo("# Title\n\nintro\n" + SettingsDocs.BEGIN + "\nnew table\n" + SettingsDocs.END + "\n\nafter\n");
        assertThat(SettingsDocs.currentRegion(updated)).contains("new table\n");
        assertThat(SettingsDocs.replaceRegion("# no markers\n", "x")).isEmpty();
        assertThat(SettingsDocs.replaceRegion(SettingsDocs.END + SettingsDocs.BEGIN, "x")).isEmpty();
    }

    @Test
    void thePageFlagsSecretsAndListsEverySetting() {
        String page = SettingsDocs.settingsPage(SCHEMA);

        for (String name : SCHEMA.settingNames()) {
            assertThat(page).contains("| `" + name + "` |");
        }
        for (String name : SCHEMA.serverSettingNames()) {
            assertThat(page).contains("| `" + name + "` |");
        }
        assertThat(page).containsPattern("\\| `accessToken` \\|[^\\n]*\\*\\*secret\\*\\*");
        assertThat(page).containsPattern("\\| `adminToken` \\|[^\\n]*\\*\\*Secret\\.\\*\\*");
        assertThat(page).contains("| `consentCategories.analytics` |", "| `eventMappings.<key>.name` |",
                "| `apiVersions.crmObjects` |");
    }

    @Test
    void theRepoRootIsFoundFromTheModuleDirectory() {
        assertThat(ROOT.resolve("settings-schema").resolve("pom.xml")).isRegularFile();
        assertThat(SettingsDocs.findRepoRoot(ROOT.resolve("settings-schema/src"))).isEqualTo(ROOT);
    }
}
