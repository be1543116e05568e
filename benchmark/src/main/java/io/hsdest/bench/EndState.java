package io.hsdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the fake's portal holds, by content rather than by HubSpot ids: contacts by email with
 * their properties, companies by groupId with theirs, contact-company associations as (email,
 * groupId, types), and event occurrences by uuid with name, time, person and properties. Two end
 * states are equal when the same runs of the same workload left the same data in HubSpot.
 */
final class EndState {
  /** Properties HubSpot itself maintains: timestamps and ids that differ between any two runs. */
  private static final Set<String> SYSTEM = Set.of("hs_object_id", "createdate", "lastmodifieddate",
      "hs_lastmodifieddate", "hs_all_contact_vids", "hs_createdate", "hs_merged_object_ids");

  final Map<String, Map<String, String>> contacts = new TreeMap<>();
  final Map<String, Map<String, String>> companies = new TreeMap<>();
  final Set<String> associations = new TreeSet<>();
  final Map<String, String> events = new TreeMap<>();
  final List<String> anomalies = new ArrayList<>();
  int rawContacts;
  int rawCompanies;
  int rawEvents;

  static EndState of(JsonNode state) {
    EndState s = new EndState();
    Map<String, String> contactKey = new HashMap<>();
    Map<String, String> companyKey = new HashMap<>();
    for (JsonNode c : state.path("contacts")) {
      s.rawContacts++;
      String email = c.path("properties").path("email").asText(null);
      String key = email == null ? "(no email) id " + c.path("id").asText() : email;
      contactKey.put(c.path("id").asText(), key);
      if (s.contacts.put(key, props(c.path("properties"))) != null) s.anomalies.add("two contacts with email " + key);
    }
    for (JsonNode c : state.path("companies")) {
      s.rawCompanies++;
      String gid = c.path("properties").path("segment_group_id").asText(null);
      String key = gid == null ? "(no groupId) domain " + c.path("properties").path("domain").asText() : gid;
      companyKey.put(c.path("id").asText(), key);
      if (s.companies.put(key, props(c.path("properties"))) != null) s.anomalies.add("two companies with groupId " + key);
    }
    for (JsonNode a : state.path("associations")) {
      if (!a.path("fromType").asText().startsWith("contact")) continue; // each edge is stored both ways
      String from = contactKey.getOrDefault(a.path("fromId").asText(), "?contact " + a.path("fromId").asText());
      String to = companyKey.getOrDefault(a.path("toId").asText(), "?company " + a.path("toId").asText());
      s.associations.add(from + " -> " + to + " " + a.path("typeIds"));
    }
    for (JsonNode e : state.path("eventOccurrences")) {
      s.rawEvents++;
      String uuid = e.path("id").asText();
      String who = e.path("email").isTextual() ? e.path("email").asText()
          : contactKey.getOrDefault(e.path("objectId").asText(), "objectId " + e.path("objectId").asText());
      String value = e.path("eventType").asText() + " at " + e.path("occurredAt").asText() + " by " + who + " "
          + new TreeMap<>(Workload.JSON.convertValue(e.path("properties"), Map.class));
      if (s.events.put(uuid, value) != null) s.anomalies.add("event uuid " + uuid + " stored twice");
    }
    int declaredEvents = state.path("eventOccurrenceCount").asInt(-1);
    if (declaredEvents >= 0 && declaredEvents != s.rawEvents) {
      s.anomalies.add("the fake reports " + declaredEvents + " occurrences but listed " + s.rawEvents);
    }
    return s;
  }

  private static Map<String, String> props(JsonNode p) {
    Map<String, String> m = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      var e = it.next();
      if (SYSTEM.contains(e.getKey()) || e.getValue().isNull()) continue;
      m.put(e.getKey(), e.getValue().asText());
    }
    return m;
  }

  String summary() {
    return contacts.size() + " contacts, " + companies.size() + " companies, " + associations.size()
        + " associations, " + events.size() + " event occurrences";
  }

  /** Differences of {@code this} (the run under test) from {@code expected}; empty when equal. */
  List<String> diff(EndState expected, int maxLines) {
    List<String> out = new ArrayList<>();
    out.addAll(anomalies);
    diffRecords("contact", expected.contacts, contacts, out);
    diffRecords("company", expected.companies, companies, out);
    for (String a : expected.associations) if (!associations.contains(a)) out.add("missing association " + a);
    for (String a : associations) if (!expected.associations.contains(a)) out.add("extra association " + a);
    for (var e : expected.events.entrySet()) {
      String got = events.get(e.getKey());
      if (got == null) out.add("missing event " + e.getKey() + ": " + e.getValue());
      else if (!got.equals(e.getValue())) out.add("event " + e.getKey() + " differs: expected " + e.getValue() + ", got " + got);
    }
    for (var e : events.entrySet()) if (!expected.events.containsKey(e.getKey())) out.add("extra event " + e.getKey() + ": " + e.getValue());
    if (out.size() > maxLines) {
      int more = out.size() - maxLines;
      List<String> cut = new ArrayList<>(out.subList(0, maxLines));
      cut.add("... and " + more + " more differences");
      return cut;
    }
    return out;
  }

  /** Counts of differences by kind ("missing contact", "contact property differs", ...), for the summary line. */
  static Map<String, Integer> kinds(List<String> diffs) {
    Map<String, Integer> m = new TreeMap<>();
    for (String d : diffs) {
      if (d.startsWith("...")) continue;
      String[] w = d.split(" ");
      String k = d.contains(" differs") ? (w[0].equals("event") ? "event differs" : w[0] + " property differs")
          : w.length > 1 ? w[0] + " " + w[1] : d;
      m.merge(k, 1, Integer::sum);
    }
    return m;
  }

  private static void diffRecords(String what, Map<String, Map<String, String>> expected,
      Map<String, Map<String, String>> actual, List<String> out) {
    for (var e : expected.entrySet()) {
      Map<String, String> got = actual.get(e.getKey());
      if (got == null) {
        out.add("missing " + what + " " + e.getKey());
        continue;
      }
      Set<String> keys = new TreeSet<>(e.getValue().keySet());
      keys.addAll(got.keySet());
      for (String k : keys) {
        String want = e.getValue().get(k);
        String have = got.get(k);
        if (!Objects.equals(want, have)) out.add(what + " " + e.getKey() + " property " + k + " differs: expected " + want + ", got " + have);
      }
    }
    for (String k : actual.keySet()) if (!expected.containsKey(k)) out.add("extra " + what + " " + k);
  }
}
