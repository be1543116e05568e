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
    ApiVersions apiVersions,
    DeliverySettings delivery,
    KafkaSettings kafka) {

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
            v.path("associations").asText("v4"), v.path("events").asText("v3"), v.path("lists").asText("v3")),
        delivery(s.path("delivery"), s.path("kafka")),
        kafka(s.path("kafka"), s.path("delivery")));
  }

  /** The Kafka settings, or null when no brokers are named. */
  private static KafkaSettings kafka(JsonNode k, JsonNode d) {
    String brokers = k.path("bootstrapServers").asText("").trim();
    if (brokers.isEmpty()) {
      if ("kafka".equals(d.path("log").asText())) {
        throw new ConfigException("server.delivery.log is kafka, but server.kafka.bootstrapServers (KAFKA_BOOTSTRAP_SERVERS) is not set");
      }
      return null;
    }
    java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
    k.path("clientProperties").properties().forEach(e -> props.put(e.getKey(), e.getValue().asText()));
    return new KafkaSettings(brokers, k.path("topic").asText(), k.path("stateTopic").asText(), k.path("groupId").asText(),
        k.path("partitions").asInt(), k.path("replicationFactor").asInt(), k.path("appendTimeoutMs").asLong(),
        k.path("sessionTimeoutMs").asLong(), props);
  }

  private static DeliverySettings delivery(JsonNode d, JsonNode k) {
    boolean kafka = !k.path("bootstrapServers").asText("").isBlank() || "kafka".equals(d.path("log").asText());
    return new DeliverySettings("durable".equals(d.path("mode").asText()) ? DeliverySettings.Mode.DURABLE : DeliverySettings.Mode.SYNC,
        kafka ? DeliverySettings.LogKind.KAFKA : DeliverySettings.LogKind.EMBEDDED, d.path("maxRetryHours").asInt(),
        d.path("receiptRetentionHours").asInt(), d.path("logMaxMegabytesPerDestination").asLong() << 20,
        d.path("logSegmentMegabytes").asLong() << 20, d.path("maxInFlightPerDestination").asInt());
  }

  @Override
  public String toString() {
    return "ServerConfig[host=" + host + ", port=" + port + ", hubspotBaseUrl=" + hubspotBaseUrl + ", delivery=" + delivery.mode()
        + (kafka != null ? ", " + kafka : "") + "]";
  }
}
