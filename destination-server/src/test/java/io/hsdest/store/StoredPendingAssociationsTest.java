package io.hsdest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pending associations are bounded (a full store refuses, it never drops an older promise) and expire. */
class StoredPendingAssociationsTest {
  private LocalStore store;
  private final AtomicLong now = new AtomicLong(1_000_000);

  @BeforeEach
  void start() {
    store = LocalStore.inMemory();
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static PendingAssociations.Entry entry(String user, String company, long expires) {
    return new PendingAssociations.Entry(user, company, null, expires);
  }

  @Test
  void aFullStoreRefusesNewPromisesAndKeepsTheOldOnes() throws Exception {
    var pending = new StoredPendingAssociations(new LocalKeyValueStore(store), "d", "1", 2, now::get);
    await(pending.add(entry("u-1", "c-1", 5_000_000)));
    await(pending.add(entry("u-2", "c-1", 5_000_000)));
    Future<Void> third = pending.add(entry("u-3", "c-1", 5_000_000));
    assertThat(third.failed()).isTrue();
    assertThat(third.cause().getMessage()).contains("pendingAssociationMaxEntries (2)");
    await(pending.add(entry("u-1", "c-1", 6_000_000))); // the same promise again is not a new entry
    assertThat(pending.size()).isEqualTo(2);
    assertThat(pending.forUser("u-1")).extracting(PendingAssociations.Entry::companyId).containsExactly("c-1");
    assertThat(pending.forUser("u-1").get(0).expiresAtMs()).as("renewed").isEqualTo(6_000_000);
  }

  @Test
  void expiredPromisesAreNotMadeAndAreSweptAway() throws Exception {
    var pending = new StoredPendingAssociations(new LocalKeyValueStore(store), "d", "1", 10, now::get);
    await(pending.add(entry("u-1", "c-1", 2_000_000)));
    await(pending.add(entry("u-1", "c-2", 9_000_000)));
    await(pending.add(entry("u-10", "c-1", 2_000_000)));
    assertThat(pending.forUser("u-1")).hasSize(2);
    now.set(3_000_000);
    assertThat(pending.forUser("u-1")).extracting(PendingAssociations.Entry::companyId).containsExactly("c-2");
    assertThat(await(pending.sweepExpired())).isEqualTo(2);
    assertThat(pending.size()).isEqualTo(1);
    assertThat(pending.all()).extracting(PendingAssociations.Entry::userId).containsExactly("u-1");
  }
}
