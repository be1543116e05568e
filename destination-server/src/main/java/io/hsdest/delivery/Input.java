package io.hsdest.delivery;

import io.hsdest.mapping.Warning;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One input of a HubSpot batch call: one record, written on behalf of one or more operations
 * (merged when they write the same record). Carries its retry state and any repairs made after
 * HubSpot refused one of its properties.
 */
final class Input {
  final Lane lane;
  final String recordKey;
  final boolean mergeable;
  final List<OpTask> members = new ArrayList<>(1);
  final long queuedAt;
  /** The earliest time a member's request was taken: the batch holds for dependents of requests of that moment. */
  long cohortAt;
  /** Arrival order within the lane, so inputs queued in the same millisecond keep their order. */
  long seq;
  int attempts;
  long notBefore;
  /** Set when an unattributable error split a batch: the most inputs this one may travel with. */
  int batchLimit;
  /** Properties removed after HubSpot refused them; the input is then resent once. */
  final Set<String> stripped = new HashSet<>();
  final List<Warning> repairWarnings = new ArrayList<>();
  boolean repaired;
  /** The objectWriteTraceId this input carried in its last call. */
  String traceId;
  /** Per property sent in the last call, the timestamp of its value (for watermarks). */
  java.util.Map<String, Long> sentTimestamps = java.util.Map.of();
  /** The lifecycle stage the last call asked for, or null. */
  String wantedLifecycleStage;
  /** Whether the answer to the last call has been dealt with. */
  boolean settled;

  Input(Lane lane, String recordKey, boolean mergeable, long now) {
    this.lane = lane;
    this.recordKey = recordKey;
    this.mergeable = mergeable;
    this.queuedAt = now;
    this.batchLimit = lane.kind.maxInputs();
  }

  /** The members still waiting for this input's outcome. */
  List<OpTask> liveMembers() {
    List<OpTask> out = new ArrayList<>(members.size());
    for (OpTask t : members) if (t.live()) out.add(t);
    return out;
  }

  boolean hasLiveMember() {
    for (OpTask t : members) if (t.live()) return true;
    return false;
  }

  /** The first member's operation (all members of an input share the record and the kind). */
  OpTask first() {
    for (OpTask t : members) if (t.live()) return t;
    return members.get(0);
  }
}
