package io.hsdest.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * Associations promised to a client (answered 200 with {@code ASSOCIATION_PENDING}) whose contact
 * is not known yet. A promise made with a 200 must survive a crash, so {@link #add} completes only
 * once the entry is durable (when the store is).
 */
public interface PendingAssociations {

  /** One promised association: the user's contact, once known, goes to this company. */
  record Entry(String userId, String companyId, Integer associationTypeId, long expiresAtMs) {}

  /** Remembers an association; completes when it is stored durably. */
  Future<Void> add(Entry entry);

  /** The entries waiting for this user (expired ones are not returned). */
  List<Entry> forUser(String userId);

  /** The association was made (or can never be): forget it. */
  Future<Void> remove(Entry entry);

  /** How many are waiting. */
  long size();

  /** Nothing kept: for {@code /v1/validate}, which must leave no trace. */
  PendingAssociations NONE = new PendingAssociations() {
    @Override
    public Future<Void> add(Entry entry) {
      return Future.succeededFuture();
    }

    @Override
    public List<Entry> forUser(String userId) {
      return List.of();
    }

    @Override
    public Future<Void> remove(Entry entry) {
      return Future.succeededFuture();
    }

    @Override
    public long size() {
      return 0;
    }
  };
}
