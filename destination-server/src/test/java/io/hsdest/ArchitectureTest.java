package io.hsdest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipe's direction (architecture.md): ingest -> mapping -> delivery -> hubspot. A package may
 * use the ones after it, never one before it; mapping stays pure (no Vert.x, no I/O).
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java/io/hsdest");

  /** Package -> packages it must not import. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "hubspot", List.of("io.hsdest.ingest", "io.hsdest.mapping", "io.hsdest.delivery", "io.hsdest.snippet", "io.hsdest.ops"),
      "delivery", List.of("io.hsdest.ingest.", "io.hsdest.snippet", "io.hsdest.ops"),
      "mapping", List.of("io.hsdest.delivery", "io.hsdest.hubspot.Http", "io.hsdest.hubspot.PortalSchemas", "io.vertx", "java.net",
          "java.nio.file", "io.hsdest.ingest.IngestHandler"),
      "config", List.of("io.hsdest.ingest", "io.hsdest.mapping", "io.hsdest.delivery", "io.vertx"),
      // audience sync sits beside the pipe: it reaches HubSpot through the paced HubSpotApi it is given, never delivery
      "audiences", List.of("io.hsdest.delivery", "io.hsdest.mapping.op"));

  @Test
  void noPackageReachesBackUpThePipe() throws IOException {
    List<String> violations = new ArrayList<>();
    for (var entry : FORBIDDEN.entrySet()) {
      try (Stream<Path> files = Files.walk(SOURCES.resolve(entry.getKey()))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          for (String line : Files.readAllLines(f)) {
            if (!line.startsWith("import ")) continue;
            for (String bad : entry.getValue()) {
              // the typed messages are the pipe's cargo, readable by every stage after ingest
              if (line.contains(bad) && !line.contains("io.hsdest.ingest.message.")) violations.add(f + ": " + line);
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
