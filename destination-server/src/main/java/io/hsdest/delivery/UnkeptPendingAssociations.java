package io.hsdest.delivery;

import io.vertx.core.Future;
import java.util.List;

/**
 * For {@code /v1/validate}: an association that would be kept pending is reported as such, but
 * nothing is stored, because validating must leave no trace.
 */
public final class UnkeptPendingAssociations implements PendingAssociations {
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
}
