package io.hsdest.config;

import java.util.Map;

/**
 * How the server reaches Apache Kafka ({@code server.kafka}); set when durable delivery uses Kafka.
 *
 * @param bootstrapServers brokers to start from, {@code host:port,...}
 * @param topic the topic of accepted messages, keyed by destination id
 * @param stateTopic the compacted topic of shared state (pending associations, receipts, dead letters...)
 * @param groupId the consumer group every instance shares
 * @param partitions partitions of {@code topic} when the server creates it (at most that many instances share the work)
 * @param replicationFactor replicas of each topic the server creates; 0 = min(3, brokers)
 * @param appendTimeoutMs how long an append may wait for the brokers before it fails (the client gets 503)
 * @param sessionTimeoutMs how long a silent instance keeps its destinations before another takes them over
 * @param clientProperties further Kafka client properties (TLS, SASL...), passed as they are; may hold secrets
 */
public record KafkaSettings(String bootstrapServers, String topic, String stateTopic, String groupId, int partitions,
    int replicationFactor, long appendTimeoutMs, long sessionTimeoutMs, Map<String, String> clientProperties) {
  public KafkaSettings {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** The defaults of the settings schema, with these brokers. */
  public static KafkaSettings defaults(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, "hubspot-destination.messages", "hubspot-destination.state", "hubspot-destination",
        12, 0, 10_000, 30_000, Map.of());
  }

  public KafkaSettings withTopics(String topic, String stateTopic, String groupId) {
    return new KafkaSettings(bootstrapServers, topic, stateTopic, groupId, partitions, replicationFactor, appendTimeoutMs,
        sessionTimeoutMs, clientProperties);
  }

  public KafkaSettings withTimeouts(long appendTimeoutMs, long sessionTimeoutMs) {
    return new KafkaSettings(bootstrapServers, topic, stateTopic, groupId, partitions, replicationFactor, appendTimeoutMs,
        sessionTimeoutMs, clientProperties);
  }

  public KafkaSettings withPartitions(int partitions) {
    return new KafkaSettings(bootstrapServers, topic, stateTopic, groupId, partitions, replicationFactor, appendTimeoutMs,
        sessionTimeoutMs, clientProperties);
  }

  @Override
  public String toString() { // clientProperties may hold passwords
    return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", stateTopic=" + stateTopic
        + ", groupId=" + groupId + "]";
  }
}
