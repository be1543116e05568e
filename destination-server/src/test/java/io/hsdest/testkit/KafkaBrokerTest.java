package io.hsdest.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The test broker itself: it serves, keeps its data across a restart on the same port, and really dies when killed. */
class KafkaBrokerTest {
  @Test
  void servesKeepsTopicsAcrossARestartAndDiesWhenKilled() throws Exception {
    long t0 = System.nanoTime();
    try (KafkaBroker broker = KafkaBroker.start()) {
      long startMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("broker started in " + startMs + " ms");
      String topic = KafkaBroker.unique("t");
      try (Admin admin = admin(broker)) {
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      broker.kill();
      assertThat(broker.running()).isFalse();
      Admin down = admin(broker);
      assertThatThrownBy(() -> down.listTopics().names().get(3, TimeUnit.SECONDS)).isNotNull();
      down.close(java.time.Duration.ZERO);
      t0 = System.nanoTime();
      broker.restart();
      System.out.println("broker restarted in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      try (Admin admin = admin(broker)) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
        assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()).hasSize(3);
      }
    }
  }

  private static Admin admin(KafkaBroker broker) {
    Properties p = new Properties();
    p.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000"));
    return Admin.create(p);
  }
}
