package io.hsdest.delivery.resolve;

import io.hsdest.audiences.ListDirectory;
import io.hsdest.audiences.SyncFailure;
import io.vertx.core.Future;

/** Engage audiences' lists through the same list machinery as cohort and audience syncs ({@link ListDirectory}). */
public final class AudienceListIds implements ListIds {
  private final ListDirectory lists;

  public AudienceListIds(ListDirectory lists) {
    this.lists = lists;
  }

  @Override
  public Future<String> idOf(String name) {
    return lists.listId(name).recover(e -> Future.failedFuture(
        e instanceof SyncFailure f && f.noRetryCanFix() ? new Refused(f.getMessage()) : e));
  }

  @Override
  public void forget(String listId) {
    lists.forget(listId);
  }
}
