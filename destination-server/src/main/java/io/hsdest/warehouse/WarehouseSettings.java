package io.hsdest.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One destination's {@code warehouse} setting, typed, with the embedded default filled in: no {@code jdbcUrl} means
 * the DuckDB file {@code <dataDir>/hubspot-<destination id>.duckdb}. The password lives only here and in the JDBC
 * connection properties; {@link #toString()} and {@link #describeTarget()} never show it.
 */
public record WarehouseSettings(boolean enabled, String jdbcUrl, String user, String password, String schema,
    int intervalMinutes, List<SourceCollection> collections) {

  /**
   * Reads {@code settings.warehouse} of settings that the schema has validated and filled with defaults.
   *
   * @param dataDir the server's data directory, for the embedded DuckDB file
   */
  public static WarehouseSettings of(JsonNode settings, String dataDir, String destinationId) {
    JsonNode w = settings.path("warehouse");
    String url = text(w, "jdbcUrl");
    if (url == null) {
      url = "jdbc:duckdb:" + Path.of(dataDir).toAbsolutePath().normalize().resolve("hubspot-" + destinationId + ".duckdb");
    }
    List<SourceCollection> collections = new ArrayList<>();
    if (w.has("collections")) {
      for (JsonNode c : w.path("collections")) collections.add(SourceCollection.of(c.asText()));
    } else {
      collections.addAll(List.of(SourceCollection.values()));
    }
    return new WarehouseSettings(w.path("enabled").asBoolean(false), url, text(w, "user"), text(w, "password"),
        w.path("schema").asText("hubspot"), w.path("intervalMinutes").asInt(180), List.copyOf(collections));
  }

  boolean isDuckDb() {
    return jdbcUrl.startsWith("jdbc:duckdb:");
  }

  /** The target for /status and logs: the URL without credentials or query parameters, and the schema. */
  public String describeTarget() {
    return JdbcUrls.redacted(jdbcUrl) + " (schema " + schema + ")";
  }

  @Override
  public String toString() {
    return "WarehouseSettings[enabled=" + enabled + ", target=" + describeTarget() + ", intervalMinutes="
        + intervalMinutes + ", collections=" + collections + "]";
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || v.asText().isBlank()) return null;
    return v.asText().trim();
  }
}
