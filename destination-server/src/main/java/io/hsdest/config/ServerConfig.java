package io.hsdest.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.ApiVersions;

/**
 * The server's own settings (the config file's {@code server} section, environment winning),
 * validated and filled with defaults by the settings schema.
 */
public record ServerConfig(
    int port,
    String host,
    String hubspotBaseUrl,
    String adminToken,
    String dataDir,
    int maxQueuedOperations,
    long requestTimeoutMs,
    long requestReadTimeoutMs,
    long shutdownGraceMs,
    long pendingAssociationTtlHours,
    int pendingAssociationMaxEntries,
    long hubspotRequestTimeoutMs,
    ApiVersions apiVersions) {

  static ServerConfig fromValidatedJson(JsonNode s) {
    JsonNode v = s.path("apiVersions");
    return new ServerConfig(
        s.path("port").asInt(),
        s.path("host").asText(),
        s.path("hubspotBaseUrl").asText(),
        s.hasNonNull("adminToken") && !s.path("adminToken").asText().isBlank() ? s.path("adminToken").asText() : null,
        s.path("dataDir").asText(),
        s.path("maxQueuedOperations").asInt(),
        s.path("requestTimeoutMs").asLong(),
        s.path("requestReadTimeoutMs").asLong(),
        s.path("shutdownGraceMs").asLong(),
        s.path("pendingAssociationTtlHours").asLong(),
        s.path("pendingAssociationMaxEntries").asInt(),
        s.path("hubspotRequestTimeoutMs").asLong(),
        new ApiVersions(v.path("crmObjects").asText("v3"), v.path("crmProperties").asText("v3"),
            v.path("associations").asText("v4"), v.path("events").asText("v3"), v.path("lists").asText("v3")));
  }

  @Override
  public String toString() {
    return "ServerConfig[host=" + host + ", port=" + port + ", hubspotBaseUrl=" + hubspotBaseUrl + "]";
  }
}
