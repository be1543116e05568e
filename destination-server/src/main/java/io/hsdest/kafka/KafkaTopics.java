package io.hsdest.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the server's topics when missing (several instances may race: the loser finds it made).
 * Replication: {@code replicationFactor}, or min(3, brokers) when 0; {@code min.insync.replicas} one
 * less than that (at least 1), so acks=all survives one broker down. Blocking: call off the event loop.
 */
public final class KafkaTopics {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
  private static final long WAIT_S = 60;

  private KafkaTopics() {}

  /** The topic's partition count, after creating it with these settings if it did not exist. */
  public static int ensure(Admin admin, String name, int partitions, int replicationFactor, Map<String, String> configs)
      throws Exception {
    TopicDescription existing = describe(admin, name);
    if (existing != null) return existing.partitions().size();
    int brokers = admin.describeCluster().nodes().get(WAIT_S, TimeUnit.SECONDS).size();
    short rf = (short) (replicationFactor > 0 ? replicationFactor : Math.max(1, Math.min(3, brokers)));
    Map<String, String> all = new java.util.HashMap<>(configs);
    all.putIfAbsent("min.insync.replicas", String.valueOf(Math.max(1, rf - 1)));
    try {
      admin.createTopics(List.of(new NewTopic(name, partitions, rf).configs(all))).all().get(WAIT_S, TimeUnit.SECONDS);
      LOG.info("created Kafka topic {}: {} partitions, replication factor {}, {}", name, partitions, rf, all);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) throw e;
    }
    TopicDescription made = null;
    for (int i = 0; i < 100 && made == null; i++) made = describe(admin, name); // metadata may lag the creation
    if (made == null) throw new IllegalStateException("Kafka topic " + name + " was created but cannot be described");
    return made.partitions().size();
  }

  private static TopicDescription describe(Admin admin, String name) throws Exception {
    try {
      return admin.describeTopics(List.of(name)).allTopicNames().get(WAIT_S, TimeUnit.SECONDS).get(name);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) return null;
      throw e;
    }
  }
}
