package io.hsdest.delivery.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.delivery.batch.Input;
import io.hsdest.delivery.batch.Queued;
import io.hsdest.delivery.policy.AnswerPolicy;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.policy.Verdict.Done;
import io.hsdest.delivery.policy.Verdict.Fail;
import io.hsdest.delivery.policy.Verdict.Next;
import io.hsdest.delivery.policy.Verdict.Repair;
import io.hsdest.delivery.policy.Verdict.Resend;
import io.hsdest.delivery.policy.Verdict.Retry;
import io.hsdest.delivery.policy.Verdict.Split;
import io.hsdest.delivery.resolve.ClaimCheck;
import io.hsdest.delivery.resolve.ContactClaims;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 * removed and the input resent once; an error that names no input splits the batch; a record id
 * HubSpot no longer has is forgotten and the write goes on by its key.
 */
final class RecordWriteCodec implements Codec {
  private final String objectType;
  private final boolean upsert;

  RecordWriteCodec(String objectType, boolean upsert) {
    this.objectType = objectType;
    this.upsert = upsert;
  }

  private boolean contacts() {
    return objectType.equals("contacts");
  }

  private static Map<String, String> properties(Operation op) {
    return op instanceof ContactWrite cw ? cw.properties() : ((CompanyWrite) op).properties();
  }

  /** The record's id: the id property's value for an upsert, HubSpot's record id for an update. */
  private static String id(Operation op) {
    return op instanceof ContactWrite cw ? cw.key().value() : ((CompanyWrite) op).id();
  }

  private static String idProperty(Operation op) {
    return op instanceof ContactWrite cw ? cw.key().idProperty() : ((CompanyWrite) op).idProperty();
  }

  private String watermarkKey(Input<?> in) {
    return objectType + ":" + in.recordKey();
  }

  @Override
  public <T extends Queued> HubSpotCall encode(List<Input<T>> batch, WireContext ctx) {
    List<Map<String, Object>> inputs = new ArrayList<>(batch.size());
    Set<String> traceIds = new HashSet<>();
    for (Input<T> in : batch) inputs.add(input(in, traceIds, ctx));
    Map<String, Object> body = Map.of("inputs", inputs);
    return upsert ? ctx.calls().upsert(objectType, body) : ctx.calls().update(objectType, body);
  }

  private <T extends Queued> Map<String, Object> input(Input<T> in, Set<String> traceIds, WireContext ctx) {
    List<T> members = new ArrayList<>(in.liveMembers());
    members.sort(Comparator.comparingLong(Queued::timestampMs));
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, Long> timestamps = new HashMap<>();
    String wantedStage = null;
    for (T t : members) {
      properties(t.op()).forEach((k, v) -> {
        values.put(k, v);
        timestamps.put(k, t.timestampMs());
      });
      if (t.op() instanceof ContactWrite cw && cw.lifecycleStage() != null) wantedStage = cw.lifecycleStage();
    }
    String idProperty = idProperty(members.get(0).op());
    String record = watermarkKey(in);
    values.keySet().removeIf(k -> in.stripped().contains(k)
        || (!k.equals(idProperty) && ctx.watermarks().stale(record, k, timestamps.get(k))));
    timestamps.keySet().retainAll(values.keySet());
    String trace = uniqueTrace(members.get(0).messageId(), traceIds);
    in.sent(trace, timestamps, values.containsKey("lifecyclestage") ? wantedStage : null);
    Map<String, Object> input = new LinkedHashMap<>();
    if (upsert) input.put("idProperty", idProperty);
    input.put("id", id(members.get(0).op()));
    input.put("objectWriteTraceId", trace);
    input.put("properties", values);
    return input;
  }

  /** The input's trace id: the messageId of its first member (cloud-mode.md a.9), made unique within the call. */
  private static String uniqueTrace(String messageId, Set<String> used) {
    String trace = messageId != null ? messageId : "internal";
    String unique = trace;
    for (int n = 2; !used.add(unique); n++) unique = trace + "~" + n;
    return unique;
  }

  @Override
  public <T extends Queued> List<Verdict> decode(HubSpotResponse r, List<Input<T>> batch, WireContext ctx) {
    Map<Input<T>, Verdict> out = new IdentityHashMap<>();
    if (r.isSuccess()) {
      multiStatus(r, batch, ctx, out);
    } else {
      HubSpotError e = HubSpotError.of(r);
      if (e.namesMissingProperty()) ctx.schemaStale().objectType(objectType);
      List<Input<T>> named = matching(batch, e);
      if (!named.isEmpty()) {
        for (Input<T> in : batch) {
          // HubSpot rejected the whole call for the named inputs: the others were not written
          out.put(in, named.contains(in) ? inputError(in, e) : new Resend("another input of the call was refused"));
        }
      } else if (batch.size() == 1) {
        out.put(batch.get(0), inputError(batch.get(0), e));
      } else if (e.kind() == HubSpotError.Kind.VALIDATION && valueIndependent(e)) {
        // a property that does not exist (or cannot be written) is refused whatever the value: strip it everywhere
        for (Input<T> in : batch) {
          Set<String> props = refusedIn(in, e);
          out.put(in, props.isEmpty() ? new Resend("another input of the call was refused") : repair(in, props, e));
        }
      } else {
        for (Input<T> in : batch) out.put(in, new Split(e.describe()));
      }
    }
    List<Verdict> verdicts = new ArrayList<>(batch.size());
    for (Input<T> in : batch) verdicts.add(out.get(in));
    return verdicts;
  }

  /** 200 or 207: results and error items, each matched to its input. */
  private <T extends Queued> void multiStatus(HubSpotResponse r, List<Input<T>> batch, WireContext ctx, Map<Input<T>, Verdict> out) {
    JsonNode json = r.json();
    Map<String, Input<T>> byTrace = new HashMap<>();
    Map<String, Input<T>> byId = new HashMap<>();
    for (Input<T> in : batch) {
      byTrace.put(in.traceId(), in);
      byId.put(id(in.first().op()).toLowerCase(Locale.ROOT), in);
    }
    List<HubSpotError> unattributed = new ArrayList<>();
    for (JsonNode item : json.path("errors")) {
      HubSpotError e = HubSpotError.ofItem(item, r.correlationId());
      if (e.namesMissingProperty()) ctx.schemaStale().objectType(objectType);
      List<Input<T>> named = matching(batch, e);
      if (named.isEmpty()) unattributed.add(e);
      for (Input<T> in : named) out.putIfAbsent(in, inputError(in, e));
    }
    for (JsonNode result : json.path("results")) {
      Input<T> in = byTrace.get(result.path("objectWriteTraceId").asText(""));
      if (in == null && upsert) {
        in = byId.get(result.path("properties").path(idProperty(batch.get(0).first().op())).asText("").toLowerCase(Locale.ROOT));
      }
      if (in == null && !upsert) in = byId.get(result.path("id").asText("").toLowerCase(Locale.ROOT));
      if (in == null && batch.size() == 1) in = batch.get(0);
      if (in == null || out.containsKey(in)) continue;
      ctx.watermarks().applied(watermarkKey(in), in.sentTimestamps(), ctx.now());
      out.put(in, new Done(result.path("id").asText(null), result, List.of()));
    }
    List<Input<T>> left = new ArrayList<>();
    for (Input<T> in : batch) if (!out.containsKey(in)) left.add(in);
    for (Input<T> in : left) {
      if (!unattributed.isEmpty()) out.put(in, new Split(unattributed.get(0).describe()));
      else if (in.attempts() == 0) out.put(in, new Retry(0, false, "HubSpot returned no result for this input"));
      else out.put(in, new Fail(Reason.EMPTY_BATCH_RESULT, "HubSpot returned no result for this input twice"));
    }
  }

  private Verdict inputError(Input<?> in, HubSpotError e) {
    return switch (e.kind()) {
      case VALIDATION -> {
        Set<String> props = refusedIn(in, e);
        yield props.isEmpty() ? new Fail(Reason.HUBSPOT_VALIDATION, e.describe()) : repair(in, props, e);
      }
      case CONFLICT -> conflict(in, e);
      case NOT_FOUND -> notFound(in, e);
      default -> AnswerPolicy.itemError(e);
    };
  }

  /** Resend once without what HubSpot refused; a second refusal fails the input. */
  private static Verdict repair(Input<?> in, Set<String> props, HubSpotError e) {
    if (in.repaired()) return new Fail(Reason.HUBSPOT_VALIDATION, e.describe());
    return new Repair(props, warnings(e, props));
  }

  /**
   * 409. A contact upsert by the userId property whose email is another contact's may claim it
   * ({@link ContactClaims}). An adopted company (updated by id) that refuses the key: another company
   * got it meanwhile (another server, or a search that did not show it yet); the write goes to that
   * one by key.
   */
  private Verdict conflict(Input<?> in, HubSpotError e) {
    Queued first = in.first();
    if (first.op() instanceof ContactWrite cw) {
      return ContactClaims.onConflict(cw, in.sentTimestamps().containsKey("email"), first.wentThrough(ClaimCheck.class), e);
    }
    if (!upsert) return Next.as(op -> ((CompanyWrite) op).byKey());
    return new Fail(Reason.CONFLICT, e.describe());
  }

  /** A record id HubSpot no longer has (merged or deleted): forget it and go on by the record's key, or fail. */
  private Verdict notFound(Input<?> in, HubSpotError e) {
    Operation op = in.first().op();
    if (upsert) return new Fail(Reason.RECORD_NOT_FOUND, e.describe());
    String stale = id(op);
    String what = (contacts() ? "contact " : "company ") + stale;
    Fail noKey = new Fail(Reason.RECORD_NOT_FOUND, "HubSpot has no " + what
        + " (merged or deleted) and the message has no email or userId to find it by");
    if (op instanceof ContactWrite cw && cw.toFallback() == null) return noKey;
    return new Next(next -> next instanceof ContactWrite w ? w.toFallback() : ((CompanyWrite) next).byKey(),
        List.of(Warning.of(Reason.STALE_RECORD_ID, null, "HubSpot has no " + what + " any more (merged or deleted); written by its"
            + " key instead")), contacts() ? Verdict.Stale.contact(stale) : Verdict.Stale.company(stale), noKey);
  }

  /** The inputs an error names by trace id or by id. */
  private static <T extends Queued> List<Input<T>> matching(List<Input<T>> batch, HubSpotError e) {
    List<Input<T>> out = new ArrayList<>();
    for (Input<T> in : batch) {
      String id = id(in.first().op());
      if (e.traceIds().contains(in.traceId()) || e.ids().contains(id) || e.ids().contains(id.toLowerCase(Locale.ROOT))) {
        out.add(in);
      }
    }
    return out;
  }

  /** The properties of this input that HubSpot refused (never the id property). */
  private static Set<String> refusedIn(Input<?> in, HubSpotError e) {
    String idProperty = idProperty(in.first().op());
    Set<String> out = new HashSet<>();
    for (HubSpotError.PropertyProblem p : e.properties()) {
      if (p.name() != null && !p.name().equals(idProperty) && in.sentTimestamps().containsKey(p.name())) out.add(p.name());
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
        out.add(Warning.of(Reason.fromHubSpot(p.code(), Reason.HUBSPOT_REFUSED_VALUE), p.name(),
            "HubSpot refused it" + (p.message() != null ? ": " + p.message() : "") + "; sent without it"));
      }
    }
    return out;
  }
}
