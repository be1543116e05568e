package io.hsdest.delivery;

import io.hsdest.mapping.op.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * One operation on its way to HubSpot: waiting for what it depends on, queued in a lane, sent,
 * then done (or withdrawn when its request was answered without it). Internal work that belongs
 * to no message (a pending association made later) has {@code message == null}.
 */
final class OpTask {
  enum State { WAITING, QUEUED, SENT, DONE, WITHDRAWN }

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
  Input input;
  /** Internal follow-ups (lifecycle clear-then-set, non-marketing) never merge with other writes. */
  boolean followUp;
  /** Counted in the engine's queued writes (contact and company writes spend the ten-secondly budget). */
  boolean counted;
  /** Set once a company write went through adopt-by-domain (or skipped it). */
  boolean adoptionDone;
  /** A contact HubSpot says already holds this write's email (409): checked before it is claimed. */
  String claimCandidate;
  /** HubSpot's words about that conflict, for the message should the email turn out to be another user's. */
  String conflictAnswer;
  /** Set once HubSpot was asked for the contact of an event's userId, so it is asked once. */
  boolean contactLookedUp;
  /** Set once a claim was decided, so a conflict is not looked into twice. */
  boolean claimChecked;
  /** Resolved record ids for an association or list membership. */
  String contactId;
  String companyId;
  /** A pending association being made later: removed from the store once made. */
  PendingAssociations.Entry pendingEntry;
  /** The lane category this task is on its way to, while it is counted in {@link Feeders}. */
  Feeders.Category feeding;
  /** Warnings picked up on the way (an ambiguous domain, ...), reported with the outcome. */
  final List<io.hsdest.mapping.Warning> extraWarnings = new ArrayList<>(0);

  OpTask(MessageWork message, Operation op, boolean primary) {
    this.message = message;
    this.op = op;
    this.primary = primary;
  }

  boolean live() {
    return state != State.DONE && state != State.WITHDRAWN;
  }

  /** When the request of this task was taken; {@code orElse} for internal work, which belongs to no request. */
  long admittedAt(long orElse) {
    return message == null ? orElse : message.request.admittedAt;
  }

  /** The time of the message, for "latest write wins" merging. */
  long timestampMs() {
    return message == null ? Long.MAX_VALUE : message.eventTimeMs;
  }
}
