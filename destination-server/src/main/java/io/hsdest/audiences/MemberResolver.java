package io.hsdest.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Members to contact record ids, in batches as large as HubSpot takes: emails by a batch read by email (then, when
 * allowed, the missing ones created by a batch create whose inputs each carry a trace id, so that one refused
 * address or one contact created meanwhile by someone else is answered on its own), userIds by a batch read by
 * {@code userIdProperty}, record ids by a batch read by id (a merged-away id finds the contact it was merged into).
 */
final class MemberResolver {
  /** Rounds of "read, then create what is missing" when HubSpot refuses a whole create batch with a conflict. */
  private static final int CREATE_ROUNDS = 3;

  private final HubSpotApi hubspot;
  private final Calls calls;
  private final AudienceSettings settings;

  MemberResolver(HubSpotApi hubspot, Calls calls, AudienceSettings settings) {
    this.hubspot = hubspot;
    this.calls = calls;
    this.settings = settings;
  }

  Future<Resolution> resolve(List<Member> members, boolean createMissing) {
    Resolution out = new Resolution();
    return resolveRound(members, createMissing, 0, out).map(out);
  }

  /**
   * Reads every member (one batch call per 100 of one identity), then creates the emails HubSpot does not know in
   * full batches of 100; emails HubSpot then says exist (created meanwhile by someone else) go round again.
   */
  private Future<Void> resolveRound(List<Member> members, boolean createMissing, int round, Resolution out) {
    List<List<Member>> chunks = new ArrayList<>();
    for (Identity identity : Identity.values()) {
      List<Member> of = new ArrayList<>();
      for (Member m : members) if (m.identity() == identity) of.add(m);
      chunks.addAll(Parallel.chunks(of, Endpoint.CONTACTS_READ.maxInputs));
    }
    List<Member> absent = new ArrayList<>();
    return Parallel.each(chunks, chunk -> read(chunk, out).map(missing -> {
      synchronized (absent) {
        absent.addAll(missing);
      }
      return null;
    })).compose(v -> {
      List<Member> toCreate = new ArrayList<>();
      for (Member m : absent) {
        if (m.identity() == Identity.EMAIL && createMissing) toCreate.add(m);
        else out.unknown(m);
      }
      if (toCreate.isEmpty()) return Future.succeededFuture();
      List<Member> again = new ArrayList<>();
      return Parallel.each(Parallel.chunks(toCreate, Endpoint.CONTACTS_CREATE.maxInputs), chunk -> create(chunk, out, again))
          .compose(created -> {
            if (again.isEmpty()) return Future.succeededFuture();
            if (round + 1 >= CREATE_ROUNDS) {
              return Future.failedFuture(new SyncFailure(503, "RETRY_LATER", "contacts kept being created by someone else "
                  + "while this sync created them; resend the request", 1));
            }
            return resolveRound(again, true, round + 1, out);
          });
    });
  }

  /** One batch read of members of one identity; answers the members HubSpot does not know. */
  private Future<List<Member>> read(List<Member> chunk, Resolution out) {
    Identity identity = chunk.get(0).identity();
    String idProperty = switch (identity) {
      case EMAIL -> "email";
      case USER_ID -> settings.userIdProperty();
      case CONTACT_ID -> null;
    };
    List<String> ids = new ArrayList<>(chunk.size());
    for (Member m : chunk) ids.add(m.value());
    List<String> properties = idProperty == null ? List.of() : List.of(idProperty);
    return Answers.to(hubspot, calls.read("contacts", idProperty, properties, ids), "reading contacts").compose(r -> {
      if (!r.isSuccess()) return Future.failedFuture(SyncFailure.of(r, "reading contacts"));
      Set<String> missing = missingIds(r, identity);
      Map<String, String> idOf = new HashMap<>();
      List<String> unmatched = new ArrayList<>();
      for (JsonNode result : r.json().path("results")) {
        String id = result.path("id").asText();
        String key = idProperty == null ? id : result.path("properties").path(idProperty).asText(null);
        if (key != null && identity == Identity.EMAIL) key = key.toLowerCase(Locale.ROOT);
        if (key != null && idOf.putIfAbsent(key, id) == null) continue;
        unmatched.add(id);
      }
      List<Member> absent = new ArrayList<>();
      int spare = 0;
      for (Member m : chunk) {
        if (missing.contains(key(m))) {
          absent.add(m);
          continue;
        }
        String id = idOf.get(key(m));
        // found under another value: a secondary email, or a record id merged into another contact
        if (id == null && spare < unmatched.size()) id = unmatched.get(spare++);
        if (id != null) out.found(id, m);
        else absent.add(m);
      }
      return Future.succeededFuture(absent);
    });
  }

  private static String key(Member m) {
    return m.identity() == Identity.EMAIL ? m.value().toLowerCase(Locale.ROOT) : m.value();
  }

  /** The inputs a 207 names as not found ({@code OBJECT_NOT_FOUND}, {@code context.ids}). */
  private static Set<String> missingIds(HubSpotResponse r, Identity identity) {
    Set<String> out = new HashSet<>();
    for (JsonNode e : r.json().path("errors")) {
      for (String id : HubSpotError.ofItem(e, null).ids()) out.add(identity == Identity.EMAIL ? id.toLowerCase(Locale.ROOT) : id);
    }
    return out;
  }

  /**
   * One batch create; every input carries a trace id, so HubSpot answers a refused address or an address that
   * exists by now on its own. Those that exist by now (without HubSpot naming their id) land in {@code again}.
   */
  private Future<Void> create(List<Member> members, Resolution out, List<Member> again) {
    List<Map<String, Object>> inputs = new ArrayList<>(members.size());
    Map<String, Member> byTrace = new LinkedHashMap<>();
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      String trace = Integer.toString(i);
      byTrace.put(trace, m);
      inputs.add(Map.of("objectWriteTraceId", trace, "properties", Map.of("email", m.value())));
    }
    return Answers.to(hubspot, calls.createContacts(Map.of("inputs", inputs)), "creating contacts").compose(r -> {
      if (r.status() == 409) {
        // HubSpot refused the whole batch because an address exists by now: read those again, create the rest
        synchronized (again) {
          again.addAll(members);
        }
        return Future.succeededFuture();
      }
      if (!r.isSuccess()) return Future.failedFuture(SyncFailure.of(r, "creating contacts"));
      for (JsonNode result : r.json().path("results")) {
        Member m = byTrace.remove(result.path("objectWriteTraceId").asText());
        if (m == null) m = byEmail(byTrace, result.path("properties").path("email").asText(""));
        if (m != null) out.created(result.path("id").asText(), m);
      }
      for (JsonNode item : r.json().path("errors")) {
        HubSpotError e = HubSpotError.ofItem(item, r.correlationId());
        for (String trace : e.traceIds()) {
          Member m = byTrace.remove(trace);
          if (m == null) continue;
          if (e.kind() == HubSpotError.Kind.CONFLICT && e.existingId() != null) {
            out.found(e.existingId(), m);
          } else if (e.kind() == HubSpotError.Kind.CONFLICT) {
            synchronized (again) {
              again.add(m);
            }
          } else {
            out.refused(Dropped.of(m, invalidEmail(e) ? "INVALID_EMAIL" : "CONTACT_NOT_CREATED", e.describe()));
          }
        }
      }
      byTrace.values().forEach(m -> out.refused(Dropped.of(m, "CONTACT_NOT_CREATED", "HubSpot's answer did not mention it")));
      return Future.succeededFuture();
    });
  }

  private static Member byEmail(Map<String, Member> byTrace, String email) {
    for (var e : byTrace.entrySet()) {
      if (e.getValue().value().equalsIgnoreCase(email)) return byTrace.remove(e.getKey());
    }
    return null;
  }

  private static boolean invalidEmail(HubSpotError e) {
    return e.properties().stream().anyMatch(p -> "email".equals(p.name()))
        || String.valueOf(e.message()).contains("INVALID_EMAIL");
  }
}
