package io.hsdest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local store behind the KeyValueStore seam: durable across a reopen, prefix scans in key order, expiry. */
class LocalKeyValueStoreTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static List<String> keys(Iterable<Map.Entry<String, String>> entries) {
    List<String> out = new ArrayList<>();
    entries.forEach(e -> out.add(e.getKey() + "=" + e.getValue()));
    return out;
  }

  @Test
  void whatIsCommittedSurvivesAReopenAndPrefixScansAreSorted() throws Exception {
    String file = dir.resolve("s.mv.db").toString();
    LocalStore disk = vertx.executeBlocking(() -> LocalStore.onDisk(vertx, file)).await(30, TimeUnit.SECONDS);
    KeyValueStore store = new LocalKeyValueStore(disk);
    assertThat(store.durable()).isTrue();
    KeyValueMap m = store.map("receipts:acme");
    m.put("b:2", "two");
    m.put("a:1", "one");
    m.put("b:1", "one-b");
    m.put("c:1", "gone");
    m.remove("c:1");
    store.map("receipts:other").put("b:9", "elsewhere");
    store.commit().await(30, TimeUnit.SECONDS);
    disk.close();

    LocalStore again = vertx.executeBlocking(() -> LocalStore.onDisk(vertx, file)).await(30, TimeUnit.SECONDS);
    KeyValueMap m2 = new LocalKeyValueStore(again).map("receipts:acme");
    assertThat(m2.size()).isEqualTo(3);
    assertThat(m2.get("a:1")).isEqualTo("one");
    assertThat(m2.get("c:1")).isNull();
    assertThat(keys(m2.withPrefix("b:"))).containsExactly("b:1=one-b", "b:2=two");
    assertThat(keys(m2.withPrefix(""))).containsExactly("a:1=one", "b:1=one-b", "b:2=two");
    assertThat(keys(m2.withPrefix("z"))).isEmpty();
    again.close();
  }

  @Test
  void inMemoryIsNotDurable() {
    KeyValueStore store = new LocalKeyValueStore(LocalStore.inMemory());
    assertThat(store.durable()).isFalse();
    store.map("x").put("k", "v");
    assertThat(store.map("x").get("k")).isEqualTo("v");
  }

  @Test
  void expiredEntriesAreSweptOldestFirstAndARewriteKeepsAKeyAlive() {
    ExpiringMap receipts = new ExpiringMap(new LocalKeyValueStore(LocalStore.inMemory()), "receipts:acme");
    receipts.put("m1", "{\"outcome\":\"ACCEPTED\"}", 1_000);
    receipts.put("m2", "{\"outcome\":\"DELIVERED\"}", 2_000);
    receipts.put("m3", "{}", 3_000);
    receipts.put("m1", "{\"outcome\":\"DELIVERED\"}", 3_500); // rewritten: its clock starts again
    assertThat(receipts.get("m1")).isEqualTo("{\"outcome\":\"DELIVERED\"}");
    assertThat(receipts.sweep(3_000, 100)).isEqualTo(1); // m2 only (m1's old index entry went with its rewrite)
    assertThat(receipts.get("m2")).isNull();
    assertThat(receipts.get("m1")).isNotNull();
    assertThat(receipts.get("m3")).isNotNull();
    receipts.remove("m3");
    assertThat(receipts.sweep(10_000, 100)).isEqualTo(1);
    assertThat(receipts.size()).isZero();
  }

  @Test
  void aSweepStopsAtItsLimit() {
    ExpiringMap receipts = new ExpiringMap(new LocalKeyValueStore(LocalStore.inMemory()), "r");
    for (int i = 0; i < 10; i++) receipts.put("m" + i, "v", i);
    assertThat(receipts.sweep(100, 4)).isEqualTo(4);
    assertThat(receipts.get("m3")).isNull();
    assertThat(receipts.get("m4")).isEqualTo("v");
    assertThat(receipts.sweep(100, 100)).isEqualTo(6);
  }
}
