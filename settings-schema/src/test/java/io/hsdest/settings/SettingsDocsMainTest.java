package io.hsdest.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator run against a throw-away repository layout. */
class SettingsDocsMainTest {

    private static final SettingsSchema SCHEMA = SettingsSchema.load();

    @Test
    void writesTheDocsPageAndTheReadmeRegion(@TempDir Path root) throws IOException {
        layout(root);
        Files.writeString(root.resolve("README.md"),
                "# Project\n\n" + SettingsDocs.BEGIN + "\nstale\n" + SettingsDocs.END + "\n\n## More\n");

        SettingsDocs.main(new String[] {root.toString()});

        assertThat(Files.readString(root.resolve("docs/settings.md"))).isEqualTo(SettingsDocs.settingsPage(SCHEMA));
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(readme).startsWith("# Project\n\n" + SettingsDocs.BEGIN + "\n").endsWith(SettingsDocs.END + "\n\n## More\n");
        assertThat(SettingsDocs.currentRegion(readme)).contains(SettingsDocs.readmeRegion(SCHEMA));
        assertThat(readme).contains("| `portalId` |").doesNotContain("stale");
    }

    @Test
    void leavesAReadmeWithoutMarkersAlone(@TempDir Path root) throws IOException {
        layout(root);
        Files.writeString(root.resolve("README.md"), "# Project\nno settings table here\n");

        SettingsDocs.main(new String[] {root.toString()});

        assertThat(Files.readString(root.resolve("README.md"))).isEqualTo("# Project\nno settings table here\n");
        assertThat(root.resolve("docs/settings.md")).isRegularFile();
    }

    @Test
    void worksWithoutAReadme(@TempDir Path root) throws IOException {
        layout(root);

        SettingsDocs.main(new String[] {root.toString()});

        assertThat(root.resolve("README.md")).doesNotExist();
        assertThat(root.resolve("docs/settings.md")).isRegularFile();
    }

    private static void layout(Path root) throws IOException {
        Files.createDirectories(root.resolve("settings-schema"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    }
}
