package io.hsdest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.config.KafkaSettings;
import io.hsdest.testkit.KafkaBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kafka-shared store against a real broker: what one instance commits, every other sees once caught up. */
class KafkaKeyValueStoreTest {
  private static KafkaBroker broker;
  private Vertx vertx;
  private KafkaSettings settings;
  private final List<KafkaKeyValueStore> open = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaBroker.shared();
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    settings = KafkaSettings.defaults(broker.bootstrapServers())
        .withTopics(KafkaBroker.unique("messages"), KafkaBroker.unique("state"), KafkaBroker.unique("group"))
        .withTimeouts(5_000, 3_000);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (KafkaKeyValueStore s : open) await(s.close());
    await(vertx.close());
  }

  private KafkaKeyValueStore store(String instance) throws Exception {
    KafkaKeyValueStore s = await(KafkaKeyValueStore.open(vertx, settings, instance));
    open.add(s);
    await(s.caughtUp());
    return s;
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception x) throw x;
      throw e;
    }
  }

  private static List<String> entries(KeyValueMap m, String prefix) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : m.withPrefix(prefix)) out.add(e.getKey() + "=" + e.getValue());
    return out;
  }

  @Test
  void whatOneInstanceCommitsAnotherSeesOnceCaughtUp() throws Exception {
    KafkaKeyValueStore a = store("a");
    assertThat(a.durable()).isTrue();
    KeyValueMap receipts = a.map("receipts:acme");
    for (int i = 0; i < 500; i++) receipts.put(String.format("m%04d", i), "{\"outcome\":\"DELIVERED\",\"n\":" + i + "}");
    receipts.remove("m0001");
    a.map("pending:acme").put("user-1", "company-1");
    assertThat(receipts.get("m0002")).as("visible here at once").contains("\"n\":2");
    await(a.commit());

    KafkaKeyValueStore b = store("b");
    KeyValueMap seen = b.map("receipts:acme");
    assertThat(seen.size()).isEqualTo(499);
    assertThat(seen.get("m0001")).isNull();
    assertThat(seen.get("m0499")).contains("\"n\":499");
    assertThat(entries(seen, "m000")).hasSize(9).first().isEqualTo("m0000={\"outcome\":\"DELIVERED\",\"n\":0}");
    assertThat(b.map("pending:acme").get("user-1")).isEqualTo("company-1");
    assertThat(b.map("pending:other").size()).isZero();

    // and the other way, continuously: b writes, a catches up
    b.map("pending:acme").remove("user-1");
    b.map("pending:acme").put("user-2", "company-2");
    await(b.commit());
    await(a.caughtUp());
    assertThat(entries(a.map("pending:acme"), "")).containsExactly("user-2=company-2");
  }

  @Test
  void theLastWriteWinsEverywhereWhoeverWroteIt() throws Exception {
    KafkaKeyValueStore a = store("a");
    KafkaKeyValueStore b = store("b");
    for (int i = 0; i < 50; i++) {
      a.map("w").put("k", "a" + i);
      b.map("w").put("k", "b" + i);
    }
    await(a.commit());
    await(b.commit());
    await(a.caughtUp());
    await(b.caughtUp());
    KafkaKeyValueStore c = store("c");
    String last = c.map("w").get("k");
    assertThat(last).isIn("a49", "b49");
    assertThat(a.map("w").get("k")).isEqualTo(last);
    assertThat(b.map("w").get("k")).isEqualTo(last);
  }

  @Test
  void aRestartedInstanceRebuildsItsViewFromTheTopic() throws Exception {
    KafkaKeyValueStore a = store("a");
    for (int i = 0; i < 100; i++) a.map("ids:acme").put("user-" + i, "contact-" + i);
    await(a.commit());
    await(a.close());
    open.remove(a);
    KafkaKeyValueStore again = store("a-again");
    assertThat(again.map("ids:acme").size()).isEqualTo(100);
    assertThat(again.map("ids:acme").get("user-42")).isEqualTo("contact-42");
  }

  @Test
  void expiryWorksTheSameOnTheSharedStore() throws Exception {
    KafkaKeyValueStore a = store("a");
    ExpiringMap receipts = new ExpiringMap(a, "receipts:acme");
    receipts.put("old", "x", 1_000);
    receipts.put("new", "y", 9_000);
    assertThat(receipts.sweep(5_000, 100)).isEqualTo(1);
    await(a.commit());
    KafkaKeyValueStore b = store("b");
    ExpiringMap seen = new ExpiringMap(b, "receipts:acme");
    assertThat(seen.get("old")).isNull();
    assertThat(seen.get("new")).isEqualTo("y");
    assertThat(seen.size()).isEqualTo(1);
  }
}
