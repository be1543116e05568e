package io.hsdest.console;

import io.hsdest.delivery.MessageResult;
import io.hsdest.ingest.message.Alias;
import io.hsdest.ingest.message.Group;
import io.hsdest.ingest.message.Identify;
import io.hsdest.ingest.message.Message;
import io.hsdest.ingest.message.Page;
import io.hsdest.ingest.message.Screen;
import io.hsdest.ingest.message.Track;
import io.hsdest.mapping.Warning;
import io.hsdest.receipts.Receipt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a message appears on the page: who and what it was about (ids, event, traits and properties, cut to a few
 * dozen short values), what became of it (outcome, reason, every warning), the HubSpot requests it took part in
 * (method, path, correlation id; in dry-run the body that would have gone, cut short) and links to the HubSpot
 * records named. Built on demand from the ring, never on the delivery path; always passed through the mask.
 */
final class MessageView {
  private static final int MAX_KEYS = 40;
  private static final int MAX_TEXT = 200;
  private static final int MAX_BODY_CHARS = 4_000;

  private MessageView() {}

  @SuppressWarnings("unchecked") // the mask returns the map it was given, copied
  static Map<String, Object> of(RecentMessages.Entry e, HubSpotLinks links, SecretMask mask) {
    MessageResult r = e.result();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", Instant.ofEpochMilli(e.at()).toString());
    m.put("messageId", r.messageId());
    m.put("type", r.type());
    m.put("outcome", r.isFinal() ? r.outcome().name() : "RETRY_LATER");
    if (r.reason() != null) m.put("reason", r.reason().name());
    String detail = r.isFinal() ? r.detail() : r.pending().why();
    if (detail != null) m.put("detail", detail);
    m.put("warnings", warnings(r.warnings()));
    List<Map<String, Object>> requests = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (MessageResult.CallRecord c : r.requests()) {
      Map<String, Object> call = new LinkedHashMap<>();
      call.put("method", c.method());
      call.put("path", c.path());
      paths.add(c.path());
      if (c.correlationId() != null && !"dry-run".equals(c.correlationId())) call.put("correlationId", c.correlationId());
      if (c.body() != null) call.put("body", shortBody(c.body()));
      requests.add(call);
    }
    m.put("requests", requests);
    m.put("message", summary(e.message()));
    if (links != null) {
      List<String> texts = new ArrayList<>();
      texts.add(detail);
      for (Warning w : r.warnings()) texts.add(w.message());
      m.put("links", links.records(texts, paths));
    }
    return (Map<String, Object>) mask.data(m);
  }

  /** A receipt (what the server remembers for a week) as the page shows it. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> of(Receipt receipt, HubSpotLinks links, SecretMask mask) {
    Map<String, Object> m = io.hsdest.hubspot.JsonBodies.MAPPER.convertValue(receipt, Map.class);
    if (links != null) {
      List<String> texts = new ArrayList<>();
      texts.add(receipt.detail());
      texts.add(receipt.lastError());
      if (receipt.warnings() != null) for (Map<String, String> w : receipt.warnings()) texts.add(w.get("message"));
      m.put("links", links.records(texts, List.of()));
    }
    return (Map<String, Object>) mask.data(m);
  }

  /** Who the message is about and what it carried, bounded. */
  static Map<String, Object> summary(Message message) {
    Map<String, Object> s = new LinkedHashMap<>();
    put(s, "userId", message.userId());
    put(s, "anonymousId", message.envelope().anonymousId());
    if (message instanceof Identify i) s.put("traits", bounded(i.traits()));
    if (message instanceof Track t) {
      put(s, "event", t.event());
      s.put("properties", bounded(t.properties()));
    }
    if (message instanceof Page p) {
      put(s, "name", p.name());
      s.put("properties", bounded(p.properties()));
    }
    if (message instanceof Screen sc) {
      put(s, "name", sc.name());
      s.put("properties", bounded(sc.properties()));
    }
    if (message instanceof Group g) {
      put(s, "groupId", g.groupId());
      s.put("traits", bounded(g.traits()));
    }
    if (message instanceof Alias a) put(s, "previousId", a.previousId());
    if (message.context() != null && message.context().traits() != null && !message.context().traits().isEmpty()) {
      s.put("contextTraits", bounded(message.context().traits()));
    }
    put(s, "timestamp", message.eventTime() == null ? null : message.eventTime().toString());
    return s;
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (value != null) m.put(key, cut(value));
  }

  private static Map<String, Object> bounded(Map<String, Object> values) {
    Object b = bounded(values, 0);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = b instanceof Map ? (Map<String, Object>) b : new LinkedHashMap<>();
    return m;
  }

  /** Maps and lists kept as such (so credential-named keys stay visible to the mask), cut in size and depth. */
  private static Object bounded(Object value, int depth) {
    if (value instanceof String str) return cut(str);
    if (value instanceof Map<?, ?> map) {
      if (depth >= 3) return "{…}";
      Map<String, Object> out = new LinkedHashMap<>();
      int n = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (n++ == MAX_KEYS) {
          out.put("…", (map.size() - MAX_KEYS) + " more");
          break;
        }
        out.put(cut(String.valueOf(e.getKey())), bounded(e.getValue(), depth + 1));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      if (depth >= 3) return "[…]";
      List<Object> out = new ArrayList<>();
      for (Object v : list.subList(0, Math.min(20, list.size()))) out.add(bounded(v, depth + 1));
      if (list.size() > 20) out.add("… " + (list.size() - 20) + " more");
      return out;
    }
    return value;
  }

  private static Object shortBody(Object body) {
    String json = new String(io.hsdest.hubspot.JsonBodies.write(body), java.nio.charset.StandardCharsets.UTF_8);
    if (json.length() <= MAX_BODY_CHARS) return body;
    return json.substring(0, MAX_BODY_CHARS) + "… (" + (json.length() - MAX_BODY_CHARS) + " more characters)";
  }

  private static String cut(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
  }

  static List<Map<String, Object>> warnings(List<Warning> warnings) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Warning w : warnings) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("code", w.code());
      if (w.property() != null) m.put("property", w.property());
      if (w.message() != null) m.put("message", w.message());
      out.add(m);
    }
    return out;
  }
}
