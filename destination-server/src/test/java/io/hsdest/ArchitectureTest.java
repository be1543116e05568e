package io.hsdest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipe's direction (architecture.md): ingest -> mapping -> delivery -> hubspot. A package may
 * use the ones after it, never one before it; mapping stays pure (no Vert.x, no I/O). Within
 * delivery, the policies and lanes know nothing of the engine that runs them. Every reference
 * counts: imports, and fully qualified names in the code (comments aside).
 */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java/io/hsdest");
  private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.hsdest\\.[a-z.]+[A-Z]?\\w*|io\\.vertx\\b|java\\.net\\b|java\\.nio\\.file\\b)");
  private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

  /** Package (a folder under io/hsdest) -> references it must not make. */
  private static final Map<String, List<String>> FORBIDDEN = new LinkedHashMap<>();

  static {
    FORBIDDEN.put("hubspot", List.of("io.hsdest.ingest", "io.hsdest.mapping", "io.hsdest.delivery", "io.hsdest.snippet",
        "io.hsdest.ops", "io.hsdest.store"));
    FORBIDDEN.put("delivery", List.of("io.hsdest.ingest.", "io.hsdest.snippet", "io.hsdest.ops", "io.hsdest.Server"));
    FORBIDDEN.put("mapping", List.of("io.hsdest.delivery", "io.hsdest.store", "io.hsdest.hubspot.Http", "io.hsdest.hubspot.PortalSchemas",
        "io.vertx", "java.net", "java.nio.file", "io.hsdest.ingest.IngestHandler"));
    FORBIDDEN.put("config", List.of("io.hsdest.ingest", "io.hsdest.mapping", "io.hsdest.delivery", "io.vertx"));
    // the log and the stores carry opaque bytes and strings: they know nothing of messages or HubSpot
    FORBIDDEN.put("log", List.of("io.hsdest.ingest", "io.hsdest.mapping", "io.hsdest.delivery", "io.hsdest.hubspot"));
    FORBIDDEN.put("store", List.of("io.hsdest.ingest", "io.hsdest.mapping", "io.hsdest.delivery", "io.hsdest.hubspot", "io.hsdest.log",
        "io.hsdest.ops"));
    FORBIDDEN.put("kafka", List.of("io.hsdest.ingest", "io.hsdest.mapping", "io.hsdest.delivery", "io.hsdest.hubspot", "io.hsdest.log",
        "io.hsdest.store"));
    FORBIDDEN.put("clock", List.of("io.hsdest."));
    // audience sync sits beside the pipe: it reaches HubSpot through the paced HubSpotApi it is given, never delivery
    FORBIDDEN.put("audiences", List.of("io.hsdest.delivery", "io.hsdest.mapping.op"));
    // the console reads what the destinations expose (results, receipts, status, the paced HubSpot), never delivery's insides
    FORBIDDEN.put("console", List.of("io.hsdest.delivery.run", "io.hsdest.delivery.batch", "io.hsdest.delivery.wire",
        "io.hsdest.delivery.resolve", "io.hsdest.delivery.policy", "io.hsdest.store", "io.hsdest.Server", "io.hsdest.ServedDestination"));
    // inside delivery: policies, lanes, codecs and business rules never reach the engine that runs them
    FORBIDDEN.put("delivery/policy", List.of("io.hsdest.delivery.run", "io.hsdest.delivery.batch", "io.hsdest.delivery.wire",
        "io.hsdest.delivery.resolve"));
    FORBIDDEN.put("delivery/batch", List.of("io.hsdest.delivery.run", "io.hsdest.delivery.wire", "io.hsdest.delivery.resolve",
        "io.hsdest.delivery.policy"));
    FORBIDDEN.put("delivery/resolve", List.of("io.hsdest.delivery.run", "io.hsdest.delivery.wire"));
    FORBIDDEN.put("delivery/wire", List.of("io.hsdest.delivery.run"));
  }

  @Test
  void noPackageReachesBackUpThePipe() throws IOException {
    List<String> violations = new ArrayList<>();
    for (var entry : FORBIDDEN.entrySet()) {
      try (Stream<Path> files = Files.walk(SOURCES.resolve(entry.getKey()))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String code = COMMENTS.matcher(Files.readString(f)).replaceAll("").replaceFirst("(?m)^package [\\w.]+;", "");
          Matcher m = REFERENCE.matcher(code);
          while (m.find()) {
            String ref = m.group(1);
            // the typed messages are the pipe's cargo, readable by every stage after ingest
            if (ref.startsWith("io.hsdest.ingest.message.")) continue;
            for (String bad : entry.getValue()) {
              if (ref.startsWith(bad)) violations.add(f + ": " + ref);
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theRulesAreCheckedWhereTheCodeIs() {
    for (String pkg : FORBIDDEN.keySet()) assertThat(SOURCES.resolve(pkg)).as(pkg).isDirectory();
  }
}
