package io.hsdest.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.config.DestinationSettings;
import io.hsdest.ingest.IngestRoutes;
import io.hsdest.ops.StatusSection;
import io.hsdest.receipts.Receipt;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the page reads, under {@code /console/api/} (admin only, see {@link ConsoleAuth}; never cached):
 *
 * <ul>
 *   <li>{@code GET overview}: the destinations, live or dry-run, and the features their settings switch on;
 *   <li>{@code GET destinations/{id}/setup[?again=true]}: the setup check ({@link SetupCheck});
 *   <li>{@code GET destinations/{id}/activity}: the budget and daily usage, outcomes per minute, the latest messages,
 *       the schema misses, the queue;
 *   <li>{@code GET destinations/{id}/reports}: the sections other capabilities add to {@code /status} (email events,
 *       warehouse, audiences...);
 *   <li>{@code GET messages/{messageId}}: what each destination knows of a message (its receipt, and its entry among
 *       the latest messages);
 *   <li>{@code POST destinations/{id}/validate}: the event tester, /v1/validate's answer (nothing is written);
 *   <li>{@code GET destinations/{id}/dead-letters}, {@code POST destinations/{id}/dead-letters/replay}.
 * </ul>
 *
 * Every answer but the tester's (which echoes only what was pasted) passes through the {@link SecretMask}.
 */
final class ConsoleApi {
  private final Map<String, DestinationPanel> panels;
  private final List<StatusSection> sections;
  private final SecretMask mask;
  private final ConsoleAuth auth;
  private final DeadLetters deadLetters;
  private final long requestTimeoutMs;
  private final String deliveryMode;

  ConsoleApi(Map<String, DestinationPanel> panels, List<StatusSection> sections, SecretMask mask, ConsoleAuth auth,
      DeadLetters deadLetters, long requestTimeoutMs, String deliveryMode) {
    this.panels = panels;
    this.sections = sections;
    this.mask = mask;
    this.auth = auth;
    this.deadLetters = deadLetters;
    this.requestTimeoutMs = requestTimeoutMs;
    this.deliveryMode = deliveryMode;
  }

  void mount(Router router) {
    router.route("/console/api/*").handler(auth.api());
    router.get("/console/api/overview").handler(this::overview);
    router.get("/console/api/destinations/:id/setup").handler(ctx -> withPanel(ctx, this::setup));
    router.get("/console/api/destinations/:id/activity").handler(ctx -> withPanel(ctx, this::activity));
    router.get("/console/api/destinations/:id/reports").handler(ctx -> withPanel(ctx, this::reports));
    router.get("/console/api/destinations/:id/dead-letters").handler(ctx -> withPanel(ctx, (c, p) -> relay(c,
        deadLetters.list(p.d.id()))));
    router.post("/console/api/destinations/:id/dead-letters/replay").handler(ctx -> withPanel(ctx, (c, p) -> relay(c,
        deadLetters.replay(p.d.id()))));
    router.get("/console/api/messages/:messageId").handler(this::lookup);
    IngestRoutes.validation(router.post("/console/api/destinations/:id/validate").handler(ctx -> {
      if (panel(ctx) != null) ctx.next();
    }), ctx -> panels.get(ctx.pathParam("id")).d.destination(), requestTimeoutMs);
  }

  private interface PanelHandler {
    void handle(RoutingContext ctx, DestinationPanel p);
  }

  private void withPanel(RoutingContext ctx, PanelHandler h) {
    DestinationPanel p = panel(ctx);
    if (p != null) h.handle(ctx, p);
  }

  /** The destination the path names, or null after answering 404. */
  private DestinationPanel panel(RoutingContext ctx) {
    DestinationPanel p = panels.get(ctx.pathParam("id"));
    if (p == null) {
      ConsoleResponses.error(ctx, 404, "UNKNOWN_DESTINATION", "no destination has the id " + ctx.pathParam("id"));
    }
    return p;
  }

  private void send(RoutingContext ctx, Object body) {
    ConsoleResponses.json(ctx, 200, mask.tree(body));
  }

  private void overview(RoutingContext ctx) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (DestinationPanel p : panels.values()) {
      DestinationSettings s = p.d.destination().config().settings();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.d.id());
      m.put("mode", p.d.live() ? "live" : "dry-run");
      m.put("portalId", s.portalId());
      m.put("features", features(s));
      list.add(m);
    }
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("deliveryMode", deliveryMode);
    server.put("signedIn", auth.via(ctx) == ConsoleAuth.Via.SESSION);
    server.put("adminTokenSet", auth.tokenConfigured());
    server.put("now", Instant.now().toString());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("server", server);
    out.put("destinations", list);
    send(ctx, out);
  }

  /** What the settings switch on, in the user's words. */
  static List<String> features(DestinationSettings s) {
    List<String> f = new ArrayList<>();
    f.add("contacts by " + s.contactIdProperty() + (s.userIdProperty() != null ? " and " + s.userIdProperty() : ""));
    f.add("custom events" + (s.autoCreateEventDefinitions() ? " (definitions created when missing)" : ""));
    f.add("companies by " + s.companyIdProperty());
    f.add("audiences as " + switch (s.audienceMode()) {
      case PROPERTY -> "checkbox properties";
      case LIST -> "static lists";
      case BOTH -> "checkbox properties and static lists";
    });
    JsonNode raw = s.raw();
    if (raw != null && raw.path("emailEvents").path("enabled").asBoolean(false)) f.add("email events export");
    if (raw != null && raw.path("warehouse").path("enabled").asBoolean(false)) f.add("warehouse sync");
    String hublet = raw == null ? "" : raw.path("hublet").asText("");
    boolean eu = raw != null && raw.path("enableEuropeanDataCenter").asBoolean(false);
    f.add("browser snippet region " + (!hublet.isBlank() ? hublet : eu ? "eu1" : "na1"));
    return f;
  }

  private void setup(RoutingContext ctx, DestinationPanel p) {
    if (!p.d.live()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("mode", "dry-run");
      out.put("problems", List.of());
      out.put("note", "This destination has no accessToken: nothing is sent to HubSpot, so there is no token or account "
          + "to check. Give it a private app token to go live.");
      send(ctx, out);
      return;
    }
    Future<Map<String, Object>> check = p.setup("true".equals(ctx.queryParams().get("again")));
    Future<Map<String, Object>> status = p.d.status().get();
    Future.join(check, status).onComplete(ar -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("mode", "live");
      if (check.succeeded()) out.putAll(check.result());
      else out.put("problems", List.of(Map.of("severity", "error", "text", "the setup check failed: " + check.cause())));
      if (status.succeeded()) out.put("accessCheck", status.result().get("accessCheck"));
      send(ctx, out);
    });
  }

  private void activity(RoutingContext ctx, DestinationPanel p) {
    int limit = intParam(ctx, "limit", 50, 1, MessageLog.RECENT);
    Future<Map<String, Object>> status = p.d.status().get();
    Future<Map<String, Object>> usage = p.d.live() ? p.usage.get(DestinationPanel.USAGE_MAX_AGE_MS) : Future.succeededFuture(null);
    Future.join(status, usage).onComplete(ar -> {
      Map<String, Object> st = status.succeeded() ? status.result() : Map.of();
      MessageLog log = p.d.log();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", p.d.id());
      out.put("mode", p.d.live() ? "live" : "dry-run");
      out.put("now", Instant.ofEpochMilli(log.now()).toString());
      out.put("budget", budget(p, st, usage.succeeded() ? usage.result() : null));
      Map<String, Object> queue = new LinkedHashMap<>();
      for (String k : List.of("queuedOperations", "inFlightCalls", "activeRequests", "pendingAssociations", "receipts")) {
        if (st.containsKey(k)) queue.put(k, st.get(k));
      }
      out.put("queue", queue);
      out.put("outcomes", log.outcomes.snapshot(log.now()));
      HubSpotLinks links = p.links();
      List<Map<String, Object>> recent = new ArrayList<>();
      for (RecentMessages.Entry e : log.recent.newestFirst(limit)) recent.add(MessageView.of(e, links, mask));
      out.put("recent", recent);
      out.put("recentSeen", log.recent.total());
      out.put("schemaMisses", mask.data(log.misses.snapshot(50)));
      send(ctx, out);
    });
  }

  /** HubSpot's ten-secondly budget as the token's budget counts it now, and the day's usage as HubSpot reports it. */
  private static Map<String, Object> budget(DestinationPanel p, Map<String, Object> status, Map<String, Object> daily) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("live", p.d.live());
    if (!p.d.live()) {
      b.put("note", "dry-run: no HubSpot budget is spent");
      return b;
    }
    Object limitValue = status.get("rateLimitPer10s");
    int limit = limitValue instanceof Number n ? n.intValue() : p.d.destination().config().settings().requestsPer10Seconds();
    int available = Math.max(0, Math.min(limit, p.d.budgetAvailable().getAsInt()));
    b.put("limitPer10s", limit);
    b.put("availableNow", available);
    b.put("usedLast10s", limit - available);
    b.put("pausedUntil", status.get("pausedUntil"));
    b.put("held", status.get("held"));
    b.put("daily", daily);
    return b;
  }

  private void reports(RoutingContext ctx, DestinationPanel p) {
    p.d.status().get().onComplete(ar -> {
      Map<String, Object> bySection = new LinkedHashMap<>();
      for (StatusSection s : sections) {
        try {
          Object part = s.status(p.d.id());
          if (part != null) bySection.put(s.name(), mask.tree(part));
        } catch (RuntimeException e) {
          bySection.put(s.name(), Map.of("error", "this report could not be read: " + e.getMessage()));
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", p.d.id());
      out.put("sections", bySection);
      if (ar.succeeded()) out.put("status", mask.tree(ar.result()));
      send(ctx, out);
    });
  }

  private void lookup(RoutingContext ctx) {
    String messageId = ctx.pathParam("messageId");
    List<Map<String, Object>> found = new ArrayList<>();
    for (DestinationPanel p : panels.values()) {
      Receipt receipt;
      try {
        receipt = p.d.receipts().find(messageId);
      } catch (RuntimeException unreadable) {
        receipt = null;
      }
      RecentMessages.Entry recent = p.d.log().recent.find(messageId);
      if (receipt == null && recent == null) continue;
      HubSpotLinks links = p.links();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("destination", p.d.id());
      m.put("mode", p.d.live() ? "live" : "dry-run");
      m.put("receipt", receipt == null ? null : MessageView.of(receipt, links, mask));
      m.put("recent", recent == null ? null : MessageView.of(recent, links, mask));
      found.add(m);
    }
    if (found.isEmpty()) {
      ConsoleResponses.error(ctx, 404, "MESSAGE_NOT_FOUND", mask.text("no destination knows the message " + messageId
          + ": it never reached this server, it was refused before delivery (a malformed message is answered 400 at once), "
          + "or its receipt is older than a week"));
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("messageId", messageId);
    out.put("found", found);
    send(ctx, out);
  }

  /** The dead-letter endpoints' answer, masked; "not available" in sync mode, which keeps none. */
  private static boolean inSyncMode(Object body) {
    return body instanceof Map<?, ?> m && "sync".equals(m.get("mode"));
  }

  private void relay(RoutingContext ctx, Future<DeadLetters.Answer> answer) {
    answer.onComplete(ar -> {
      Map<String, Object> out = new LinkedHashMap<>();
      if (ar.failed()) {
        out.put("available", false);
        out.put("note", "the dead-letter endpoint did not answer: " + ar.cause().getMessage());
      } else if (ar.result().status() == 404 || inSyncMode(ar.result().body())) {
        out.put("available", false);
        out.put("note", "this server delivers in sync mode and keeps no dead letters (a message HubSpot does not take "
            + "is answered to its sender, which resends it): they come with durable delivery (DELIVERY_MODE=durable)");
        out.put("answer", mask.data(ar.result().body()));
      } else {
        out.put("available", true);
        out.put("status", ar.result().status());
        out.put("answer", mask.data(ar.result().body()));
      }
      send(ctx, out);
    });
  }

  private static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    try {
      String v = ctx.queryParams().get(name);
      return v == null ? dflt : Math.max(min, Math.min(max, Integer.parseInt(v)));
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
