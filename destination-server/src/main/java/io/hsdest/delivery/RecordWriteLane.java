package io.hsdest.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.ContactKey;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Contact and company writes: {@code batch/upsert} by a unique property, or {@code batch/update}
 * by record id. Inputs to the same record merge (latest timestamp wins per property, and values
 * older than what HubSpot already has from us are left out); each result and each 207 error item
 * is matched back to its input by {@code objectWriteTraceId}, else by id. A refused property is
 * removed and the input resent once; an error that names no input splits the batch.
 */
abstract class RecordWriteLane implements LaneKind {
  final String objectType;
  final boolean upsert;
  final String idProperty;

  RecordWriteLane(String objectType, boolean upsert, String idProperty) {
    this.objectType = objectType;
    this.upsert = upsert;
    this.idProperty = idProperty;
  }

  @Override
  public Endpoint endpoint() {
    boolean contacts = objectType.equals("contacts");
    if (upsert) return contacts ? Endpoint.CONTACTS_UPSERT : Endpoint.COMPANIES_UPSERT;
    return contacts ? Endpoint.CONTACTS_UPDATE : Endpoint.COMPANIES_UPDATE;
  }

  @Override
  public Feeders.Category category() {
    return objectType.equals("contacts") ? Feeders.Category.CONTACTS : Feeders.Category.COMPANIES;
  }


  abstract Map<String, String> properties(Operation op);

  /** The record's id: the id property's value for an upsert, HubSpot's record id for an update. */
  abstract String id(Operation op);

  /** The members succeeded on record {@code id}; returns warnings and may start follow-ups. */
  abstract List<Warning> succeeded(Input in, String id, JsonNode result, DeliveryEngine engine);

  /** HubSpot says the write collides with another record's unique value (409). */
  void conflict(Input in, HubSpotError e, DeliveryEngine engine) {
    engine.settleFailed(in, "CONFLICT", e.describe());
  }

  /** A record id HubSpot no longer knows: go on as an upsert, or fail. */
  void notFound(Input in, HubSpotError e, DeliveryEngine engine) {
    engine.settleFailed(in, "RECORD_NOT_FOUND", e.describe());
  }

  PortalSchemas.Part schemaPart() {
    return objectType.equals("contacts") ? PortalSchemas.Part.CONTACTS : PortalSchemas.Part.COMPANIES;
  }

  String watermarkKey(Input in) {
    return objectType + ":" + in.recordKey;
  }

  @Override
  public HubSpotCall call(List<Input> batch, DeliveryEngine engine) {
    List<Map<String, Object>> inputs = new ArrayList<>(batch.size());
    Set<String> traceIds = new HashSet<>();
    for (Input in : batch) inputs.add(input(in, traceIds, engine));
    Map<String, Object> body = Map.of("inputs", inputs);
    return upsert ? engine.calls.upsert(objectType, body) : engine.calls.update(objectType, body);
  }

  private Map<String, Object> input(Input in, Set<String> traceIds, DeliveryEngine engine) {
    List<OpTask> members = new ArrayList<>(in.liveMembers());
    members.sort(Comparator.comparingLong(OpTask::timestampMs));
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, Long> timestamps = new HashMap<>();
    String wantedStage = null;
    for (OpTask t : members) {
      properties(t.op).forEach((k, v) -> {
        values.put(k, v);
        timestamps.put(k, t.timestampMs());
      });
      if (t.op instanceof ContactWrite cw && cw.lifecycleStage() != null) wantedStage = cw.lifecycleStage();
    }
    String record = watermarkKey(in);
    values.keySet().removeIf(k -> in.stripped.contains(k)
        || (!k.equals(idProperty) && engine.watermarks.stale(record, k, timestamps.get(k))));
    timestamps.keySet().retainAll(values.keySet());
    in.sentTimestamps = timestamps;
    in.wantedLifecycleStage = values.containsKey("lifecyclestage") ? wantedStage : null;
    String trace = members.get(0).message != null ? members.get(0).message.plan.message().messageId() : "internal";
    String unique = trace;
    for (int n = 2; !traceIds.add(unique); n++) unique = trace + "~" + n;
    in.traceId = unique;
    Map<String, Object> input = new LinkedHashMap<>();
    if (upsert) input.put("idProperty", idProperty);
    input.put("id", id(members.get(0).op));
    input.put("objectWriteTraceId", unique);
    input.put("properties", values);
    return input;
  }

  @Override
  public void answered(HubSpotResponse r, List<Input> batch, DeliveryEngine engine) {
    if (r.isSuccess()) {
      multiStatus(r, batch, engine);
      return;
    }
    HubSpotError e = HubSpotError.of(r);
    if (e.namesMissingProperty()) engine.schemas.invalidate(schemaPart());
    List<Input> named = matching(batch, e);
    if (!named.isEmpty()) {
      for (Input in : batch) {
        if (named.contains(in)) inputError(in, e, engine);
        else engine.requeue(in, engine.now()); // HubSpot rejected the whole call: the others were not written
      }
    } else if (batch.size() == 1) {
      inputError(batch.get(0), e, engine);
    } else if (e.kind() == HubSpotError.Kind.VALIDATION && valueIndependent(e)) {
      // a property that does not exist (or cannot be written) is refused whatever the value: strip it everywhere
      for (Input in : batch) {
        Set<String> props = refusedIn(in, e);
        if (props.isEmpty()) engine.requeue(in, engine.now());
        else engine.repair(in, props, warnings(e, props), e);
      }
    } else {
      engine.split(batch, e);
    }
  }

  /** 200 or 207: results and error items, each matched to its input. */
  private void multiStatus(HubSpotResponse r, List<Input> batch, DeliveryEngine engine) {
    JsonNode json = r.json();
    Map<String, Input> byTrace = new HashMap<>();
    Map<String, Input> byId = new HashMap<>();
    for (Input in : batch) {
      byTrace.put(in.traceId, in);
      byId.put(id(in.first().op).toLowerCase(Locale.ROOT), in);
    }
    List<HubSpotError> unattributed = new ArrayList<>();
    for (JsonNode item : json.path("errors")) {
      HubSpotError e = HubSpotError.ofItem(item, r.correlationId());
      if (e.namesMissingProperty()) engine.schemas.invalidate(schemaPart());
      List<Input> named = matching(batch, e);
      if (named.isEmpty()) unattributed.add(e);
      for (Input in : named) if (!in.settled) inputError(in, e, engine);
    }
    for (JsonNode result : json.path("results")) {
      Input in = byTrace.get(result.path("objectWriteTraceId").asText(""));
      if (in == null && upsert) in = byId.get(result.path("properties").path(idProperty).asText("").toLowerCase(Locale.ROOT));
      if (in == null && !upsert) in = byId.get(result.path("id").asText("").toLowerCase(Locale.ROOT));
      if (in == null && batch.size() == 1) in = batch.get(0);
      if (in == null || in.settled) continue;
      String id = result.path("id").asText(null);
      List<Warning> warnings = succeeded(in, id, result, engine);
      engine.settleSucceeded(in, id, warnings);
    }
    List<Input> left = new ArrayList<>();
    for (Input in : batch) if (!in.settled) left.add(in);
    if (left.isEmpty()) return;
    if (!unattributed.isEmpty()) {
      engine.split(left, unattributed.get(0));
    } else {
      for (Input in : left) {
        if (in.attempts == 0) engine.retry(in, 0, "HubSpot returned no result for this input");
        else engine.settleFailed(in, "EMPTY_BATCH_RESULT", "HubSpot returned no result for this input twice");
      }
    }
  }

  private void inputError(Input in, HubSpotError e, DeliveryEngine engine) {
    switch (e.kind()) {
      case VALIDATION -> {
        Set<String> props = refusedIn(in, e);
        if (!props.isEmpty()) engine.repair(in, props, warnings(e, props), e);
        else engine.settleFailed(in, "HUBSPOT_VALIDATION", e.describe());
      }
      case CONFLICT -> conflict(in, e, engine);
      case NOT_FOUND -> notFound(in, e, engine);
      case RATE_LIMITED, LOCKED, TRANSIENT, MIGRATING ->
          engine.retry(in, Math.max(RetryPolicy.LOCKED_MS, e.retryAfterMs()), e.describe());
      default -> engine.settleFailed(in, "HUBSPOT_" + (e.category() != null ? e.category() : Integer.toString(e.status())),
          e.describe());
    }
  }

  /** The inputs an error names by trace id or by id. */
  private List<Input> matching(List<Input> batch, HubSpotError e) {
    List<Input> out = new ArrayList<>();
    for (Input in : batch) {
      String id = id(in.first().op);
      if (e.traceIds().contains(in.traceId) || e.ids().contains(id) || e.ids().contains(id.toLowerCase(Locale.ROOT))) {
        out.add(in);
      }
    }
    return out;
  }

  /** The properties of this input that HubSpot refused (never the id property). */
  private Set<String> refusedIn(Input in, HubSpotError e) {
    Set<String> out = new HashSet<>();
    for (HubSpotError.PropertyProblem p : e.properties()) {
      if (p.name() != null && !p.name().equals(idProperty) && in.sentTimestamps.containsKey(p.name())) out.add(p.name());
    }
    return out;
  }

  private static boolean valueIndependent(HubSpotError e) {
    if (e.properties().isEmpty()) return false;
    for (HubSpotError.PropertyProblem p : e.properties()) {
      if (!"PROPERTY_DOESNT_EXIST".equals(p.code()) && !"READ_ONLY_VALUE".equals(p.code())) return false;
    }
    return true;
  }

  private static List<Warning> warnings(HubSpotError e, Set<String> props) {
    List<Warning> out = new ArrayList<>();
    for (HubSpotError.PropertyProblem p : e.properties()) {
      if (props.contains(p.name())) {
        out.add(Warning.of(p.code() != null ? p.code() : "HUBSPOT_REFUSED_VALUE", p.name(),
            "HubSpot refused it" + (p.message() != null ? ": " + p.message() : "") + "; sent without it"));
      }
    }
    return out;
  }

  /** Contacts: remembers ids, checks the lifecycle stage HubSpot kept, marks new contacts non-marketing. */
  static final class Contacts extends RecordWriteLane {
    Contacts(boolean upsert, String idProperty) {
      super("contacts", upsert, idProperty);
    }

    @Override
    public String recordKey(OpTask t) {
      return ((ContactWrite) t.op).key().recordKey();
    }

    @Override
    Map<String, String> properties(Operation op) {
      return ((ContactWrite) op).properties();
    }

    @Override
    String id(Operation op) {
      return ((ContactWrite) op).key().value();
    }

    @Override
    List<Warning> succeeded(Input in, String id, JsonNode result, DeliveryEngine engine) {
      engine.watermarks.applied(watermarkKey(in), in.sentTimestamps, engine.now());
      // every member's ids are remembered, also of members whose request was already answered:
      // HubSpot wrote the record either way
      boolean nonMarketing = false;
      for (OpTask t : in.members) {
        ContactWrite cw = (ContactWrite) t.op;
        engine.ids.rememberContact(cw.userId(), cw.email(), id);
        nonMarketing |= cw.nonMarketingOnCreate();
      }
      for (OpTask t : in.members) engine.lanes.contactKnown(((ContactWrite) t.op).userId(), id);
      List<Warning> warnings = new ArrayList<>();
      List<OpTask> live = in.liveMembers();
      OpTask first = live.isEmpty() ? in.members.get(0) : live.get(0);
      String wanted = in.wantedLifecycleStage;
      String kept = result.path("properties").path("lifecyclestage").asText(null);
      if (wanted != null && kept != null && !kept.isEmpty() && !kept.equals(wanted)) {
        if (engine.settings.allowLifecycleStageBackward()) {
          OpTask clear = engine.followUp(first, internalUpdate(id, Map.of("lifecyclestage", ""), first));
          OpTask set = engine.followUp(first, internalUpdate(id, Map.of("lifecyclestage", wanted), first));
          clear.dependents.add(set);
          set.unmetDependencies++;
          engine.activate(clear);
        } else {
          warnings.add(Warning.of("LIFECYCLE_STAGE_KEPT", "lifecyclestage", "HubSpot kept \"" + kept + "\" instead of \""
              + wanted + "\": stages only move forward unless allowLifecycleStageBackward is on"));
        }
      }
      if (nonMarketing && result.path("new").asBoolean(false)) {
        engine.activate(engine.followUp(first, internalUpdate(id, Map.of("hs_marketable_status", "false"), first)));
      }
      return warnings;
    }

    private static ContactWrite internalUpdate(String id, Map<String, String> props, OpTask of) {
      return new ContactWrite(ContactKey.byId(id), props, java.time.Instant.ofEpochMilli(of.timestampMs()), null, null,
          false, null, null);
    }

    /**
     * Upserting by {@code userIdProperty}, the email already belongs to contact N. If N has no
     * userId yet (a form fill, an import), it is this user: claim it instead of making a second
     * contact. The check is one read ({@link ContactClaimLane}); when the email is another user's
     * contact's, the write is dropped with {@code EMAIL_CONFLICT}.
     */
    @Override
    void conflict(Input in, HubSpotError e, DeliveryEngine engine) {
      String existing = e.existingId();
      boolean emailSent = in.sentTimestamps.containsKey("email");
      if (existing != null && upsert && emailSent && !"email".equals(idProperty) && !in.first().claimChecked) {
        engine.reroute(in, t -> {
          t.claimCandidate = existing;
          t.conflictAnswer = e.describe();
          return t.op;
        });
      } else if (emailSent && !"email".equals(idProperty)) {
        engine.settleFailed(in, "EMAIL_CONFLICT", ContactClaimLane.conflictDetail((ContactWrite) in.first().op, existing, null)
            + " (HubSpot: " + e.describe() + ")");
      } else {
        engine.settleFailed(in, "CONFLICT", e.describe());
      }
    }

    @Override
    void notFound(Input in, HubSpotError e, DeliveryEngine engine) {
      if (upsert) {
        engine.settleFailed(in, "RECORD_NOT_FOUND", e.describe());
        return;
      }
      ContactWrite cw = (ContactWrite) in.first().op;
      engine.ids.forgetContact(cw.key().value());
      if (cw.fallback() == null) {
        engine.settleFailed(in, "RECORD_NOT_FOUND", "HubSpot has no contact " + cw.key().value()
            + " (merged or deleted) and the message has no email or userId to find it by");
        return;
      }
      engine.reroute(in, t -> {
        ContactWrite w = (ContactWrite) t.op;
        Map<String, String> props = new LinkedHashMap<>();
        props.put(w.fallback().idProperty(), w.fallback().value());
        props.putAll(w.properties());
        return new ContactWrite(w.fallback(), props, w.timestamp(), null, w.lifecycleStage(), w.nonMarketingOnCreate(),
            w.userId(), w.email());
      });
    }
  }

  /** Companies: remembers groupId to company id; an adopted company (by id) that vanished is upserted by key. */
  static final class Companies extends RecordWriteLane {
    Companies(boolean upsert, String idProperty) {
      super("companies", upsert, idProperty);
    }

    @Override
    public String recordKey(OpTask t) {
      CompanyWrite c = (CompanyWrite) t.op;
      return upsert ? c.recordKey() : "#id=" + c.recordId();
    }

    @Override
    Map<String, String> properties(Operation op) {
      return ((CompanyWrite) op).properties();
    }

    @Override
    String id(Operation op) {
      CompanyWrite c = (CompanyWrite) op;
      return upsert ? c.groupId() : c.recordId();
    }

    @Override
    List<Warning> succeeded(Input in, String id, JsonNode result, DeliveryEngine engine) {
      engine.watermarks.applied(watermarkKey(in), in.sentTimestamps, engine.now());
      for (OpTask t : in.members) engine.ids.rememberCompany(((CompanyWrite) t.op).groupId(), id);
      return List.of();
    }

    @Override
    void notFound(Input in, HubSpotError e, DeliveryEngine engine) {
      if (upsert) {
        engine.settleFailed(in, "RECORD_NOT_FOUND", e.describe());
        return;
      }
      engine.reroute(in, t -> ((CompanyWrite) t.op).withRecordId(null));
    }

    /**
     * An adopted company (updated by id) that refuses the key: another company got it meanwhile
     * (another server, or a search that did not show it yet). The write goes to that one by key.
     */
    @Override
    void conflict(Input in, HubSpotError e, DeliveryEngine engine) {
      if (upsert) {
        engine.settleFailed(in, "CONFLICT", e.describe());
        return;
      }
      engine.reroute(in, t -> ((CompanyWrite) t.op).withRecordId(null));
    }
  }
}
