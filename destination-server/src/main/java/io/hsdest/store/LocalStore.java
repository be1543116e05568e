package io.hsdest.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The server's small store on local disk (an H2 MVStore file): what must survive a crash because
 * a client was told 200 — pending associations, which contact and company each userId, email and
 * groupId became, and the newest value time per record and property. Commits run on a worker
 * thread and are shared by everyone waiting for one; a process killed after a commit loses
 * nothing (the operating system keeps what was written). In memory for dry-run and validation.
 */
public final class LocalStore {
  private final Vertx vertx;
  private final MVStore store;
  private final boolean onDisk;
  private final List<Promise<Void>> waiting = new ArrayList<>();
  private boolean committing;

  private LocalStore(Vertx vertx, MVStore store, boolean onDisk) {
    this.vertx = vertx;
    this.store = store;
    this.onDisk = onDisk;
  }

  /** Opens (or creates) the file; MVStore recovers the last committed state after a crash. Blocking: call off the event loop. */
  public static LocalStore onDisk(Vertx vertx, String file) {
    return new LocalStore(vertx, new MVStore.Builder().fileName(file).open(), true);
  }

  /** A store that keeps nothing across restarts (dry-run destinations, tests); it needs no worker to commit. */
  public static LocalStore inMemory() {
    return new LocalStore(null, new MVStore.Builder().open(), false);
  }

  public boolean onDisk() {
    return onDisk;
  }

  /** A named map in the store; puts are durable once {@link #commit()} completes. */
  public <K, V> MVMap<K, V> map(String name) {
    return store.openMap(name);
  }

  /** Completes once everything put so far is written to the file (at once in memory). */
  public synchronized Future<Void> commit() {
    if (!onDisk) return Future.succeededFuture();
    Promise<Void> p = Promise.promise();
    waiting.add(p);
    if (!committing) startCommit();
    return p.future();
  }

  private synchronized void startCommit() {
    committing = true;
    List<Promise<Void>> batch = new ArrayList<>(waiting);
    waiting.clear();
    vertx.executeBlocking(() -> {
      store.commit();
      return null;
    }, false).onComplete(ar -> {
      for (Promise<Void> p : batch) {
        if (ar.succeeded()) p.complete();
        else p.fail(ar.cause());
      }
      synchronized (this) {
        committing = false;
        if (!waiting.isEmpty()) startCommit();
      }
    });
  }

  /** Blocking: call off the event loop. */
  public void close() {
    store.close();
  }
}
