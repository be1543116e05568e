package io.hsdest.kafka;

import io.hsdest.config.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client properties for the server's Kafka clients: the brokers, the user's extra properties (TLS,
 * SASL), quick reconnection after a broker restart, and for producers durability first (acks=all,
 * idempotence) within a bounded wait, so an unreachable cluster answers in time instead of hanging.
 */
public final class KafkaClients {
  private KafkaClients() {}

  public static Map<String, Object> common(KafkaSettings s, String clientId) {
    Map<String, Object> p = new HashMap<>(s.clientProperties());
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    p.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
    p.putIfAbsent(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 1_000);
    return p;
  }

  public static Map<String, Object> admin(KafkaSettings s, String clientId) {
    Map<String, Object> p = common(s, clientId);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(s.appendTimeoutMs(), 5_000));
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(s.appendTimeoutMs() / 2, 2_000));
    return p;
  }

  /** A producer that completes a send only once every in-sync replica has it, or fails within {@code appendTimeoutMs}. */
  public static Map<String, Object> producer(KafkaSettings s, String clientId) {
    Map<String, Object> p = common(s, clientId);
    int timeout = (int) s.appendTimeoutMs();
    int request = Math.max(1, timeout / 2);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeout, request + 1 + 1));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, request);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }
}
