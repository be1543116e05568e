package io.hsdest.delivery.batch;

import io.hsdest.mapping.Warning;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One input of a HubSpot batch call: one record, written on behalf of one or more operations
 * (merged when they write the same record). Carries its retry state, any repairs made after
 * HubSpot refused one of its properties, and what its last call carried.
 */
public final class Input<T extends Queued> {
  final Lane<T> lane;
  final String recordKey;
  final boolean mergeable;
  final List<T> members = new ArrayList<>(1);
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
  private final Set<String> stripped = new HashSet<>();
  private final List<Warning> repairWarnings = new ArrayList<>();
  private boolean repaired;
  /** The objectWriteTraceId this input carried in its last call. */
  private String traceId;
  /** Per property sent in the last call, the timestamp of its value (for watermarks). */
  private Map<String, Long> sentTimestamps = Map.of();
  /** The lifecycle stage the last call asked for, or null. */
  private String sentLifecycleStage;
  /** Whether the answer to the last call has been dealt with. */
  boolean settled;

  Input(Lane<T> lane, String recordKey, boolean mergeable, long now) {
    this.lane = lane;
    this.recordKey = recordKey;
    this.mergeable = mergeable;
    this.queuedAt = now;
    this.batchLimit = lane.maxInputs;
  }

  public Lane<T> lane() {
    return lane;
  }

  public String recordKey() {
    return recordKey;
  }

  /** Every member, also those whose request was answered meanwhile (HubSpot wrote the record for them too). */
  public List<T> members() {
    return members;
  }

  /** The members still waiting for this input's outcome. */
  public List<T> liveMembers() {
    List<T> out = new ArrayList<>(members.size());
    for (T t : members) if (t.live()) out.add(t);
    return out;
  }

  public boolean hasLiveMember() {
    for (T t : members) if (t.live()) return true;
    return false;
  }

  /** The first live member (all members of an input share the record and the endpoint). */
  public T first() {
    for (T t : members) if (t.live()) return t;
    return members.get(0);
  }

  public int attempts() {
    return attempts;
  }

  /** One more attempt for this input; returns how many it has had. */
  public int countAttempt() {
    return ++attempts;
  }

  public boolean settled() {
    return settled;
  }

  public void settle() {
    settled = true;
  }

  public Set<String> stripped() {
    return stripped;
  }

  public List<Warning> repairWarnings() {
    return repairWarnings;
  }

  /** Whether HubSpot already refused a property of this input once (a second refusal fails it). */
  public boolean repaired() {
    return repaired;
  }

  /** HubSpot refused these properties: the input is resent once without them. */
  public void repair(Set<String> properties, List<Warning> warnings) {
    repaired = true;
    stripped.addAll(properties);
    repairWarnings.addAll(warnings);
  }

  public String traceId() {
    return traceId;
  }

  public Map<String, Long> sentTimestamps() {
    return sentTimestamps;
  }

  public String sentLifecycleStage() {
    return sentLifecycleStage;
  }

  /** What the last call carried for this input: its trace id, each property's timestamp, the lifecycle stage asked for. */
  public void sent(String traceId, Map<String, Long> timestamps, String lifecycleStage) {
    this.traceId = traceId;
    this.sentTimestamps = timestamps;
    this.sentLifecycleStage = lifecycleStage;
  }

  public int batchLimit() {
    return batchLimit;
  }

  /** An unattributable error: travel with at most this many inputs from now on. */
  public void limitBatch(int most) {
    batchLimit = Math.min(batchLimit, most);
  }
}
