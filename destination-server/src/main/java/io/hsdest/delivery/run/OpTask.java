package io.hsdest.delivery.run;

import io.hsdest.delivery.batch.Input;
import io.hsdest.delivery.batch.Queued;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.Operation;
import io.hsdest.store.PendingAssociations;
import java.util.ArrayList;
import java.util.List;

/**
 * One operation on its way to HubSpot: waiting for what it depends on, queued in a lane, sent,
 * then done (or withdrawn when its request was answered without it). Along the way it may become
 * other operations (a claim check, an adoption search, the write by its key): {@link #op} is the
 * current one. Internal work that belongs to no message (a pending association made later, a
 * follow-up whose message was answered) has {@code message == null}.
 */
final class OpTask implements Queued {
  enum State { WAITING, QUEUED, SENT, DONE, WITHDRAWN }

  /** A task goes through at most this many operations; more means HubSpot's answers go round in circles. */
  static final int MAX_STEPS = 8;

  final MessageWork message;
  final boolean primary;
  Operation op;
  State state = State.WAITING;
  /** The steps of the same message this one runs after; their record ids feed this one. */
  final List<OpTask> prerequisites = new ArrayList<>(2);
  final List<OpTask> dependents = new ArrayList<>(2);
  int unmetDependencies;
  /** HubSpot's id of the record this operation wrote, once done. */
  String recordId;
  Input<OpTask> input;
  /** Internal follow-ups (lifecycle clear-then-set, non-marketing) never merge with other writes. */
  final boolean followUp;
  /** Counted by admission among the writes that spend the ten-secondly budget. */
  boolean counted;
  /** A promised association being made later: removed from the store once made. */
  PendingAssociations.Entry pendingEntry;
  /** Warnings picked up on the way (an ambiguous domain, a stale id, ...), reported with the outcome. */
  final List<Warning> extraWarnings = new ArrayList<>(0);
  /** The user keys it is registered under as a contact write ({@link UserOrder}), or null. */
  List<String> orderKeys;
  /** The kinds of operation this task was before its current one. */
  private final List<Class<? extends Operation>> history = new ArrayList<>(0);

  OpTask(MessageWork message, Operation op, boolean primary, boolean followUp) {
    this.message = message;
    this.op = op;
    this.primary = primary;
    this.followUp = followUp;
  }

  /** {@code dependent} waits for {@code dependency} (unless that is over already). */
  static void link(OpTask dependency, OpTask dependent) {
    if (!dependency.live()) return;
    dependency.dependents.add(dependent);
    dependent.unmetDependencies++;
  }

  /** The task goes on as another operation; false when it has gone through too many already. */
  boolean becomes(Operation next) {
    history.add(op.getClass());
    op = next;
    input = null;
    state = State.WAITING;
    return history.size() < MAX_STEPS;
  }

  @Override
  public Operation op() {
    return op;
  }

  @Override
  public boolean live() {
    return state != State.DONE && state != State.WITHDRAWN;
  }

  @Override
  public boolean mergeable() {
    return !followUp;
  }

  @Override
  public long admittedAt(long orElse) {
    return message == null ? orElse : message.request.admittedAt;
  }

  @Override
  public long timestampMs() {
    return message == null ? Long.MAX_VALUE : message.eventTimeMs;
  }

  @Override
  public String messageId() {
    return message == null ? null : message.plan.message().messageId();
  }

  @Override
  public boolean wentThrough(Class<? extends Operation> kind) {
    return history.contains(kind);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void queuedIn(Input<?> in) {
    input = (Input<OpTask>) in;
    state = State.QUEUED;
  }
}
