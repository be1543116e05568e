package io.hsdest.console;

import io.hsdest.hubspot.HubSpotError;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the console keeps per destination beyond its {@link MessageLog}: the last setup check (five minutes, or until
 * someone asks again, at most every ten seconds) and the last daily usage (a minute), so an open console costs the
 * token almost nothing.
 */
final class DestinationPanel {
  static final long SETUP_MAX_AGE_MS = 5 * 60_000;
  static final long SETUP_MIN_INTERVAL_MS = 10_000;
  static final long USAGE_MAX_AGE_MS = 60_000;

  final ConsoleDestination d;
  final CachedAnswer<Map<String, Object>> setup;
  final CachedAnswer<Map<String, Object>> usage;

  DestinationPanel(ConsoleDestination d) {
    this.d = d;
    SetupCheck check = new SetupCheck(d.destination().config().settings(), d.paced(), d.calls(), d.schemas());
    this.setup = new CachedAnswer<>(check::run, d.log()::now);
    this.usage = new CachedAnswer<>(this::readUsage, d.log()::now);
  }

  /** The setup check: the kept one, or a new one when asked to (and the kept one is over ten seconds old). */
  Future<Map<String, Object>> setup(boolean again) {
    return setup.get(again ? SETUP_MIN_INTERVAL_MS : SETUP_MAX_AGE_MS);
  }

  /** HubSpot's links for this portal, once a setup check has told its UI domain. */
  HubSpotLinks links() {
    Map<String, Object> kept = setup.peek();
    if (kept == null || !(kept.get("account") instanceof Map<?, ?> account)) return null;
    Object domain = account.get("uiDomain");
    return HubSpotLinks.of(domain == null ? null : domain.toString(), d.destination().config().settings().portalId());
  }

  private Future<Map<String, Object>> readUsage() {
    return d.paced().call(d.calls().dailyUsage()).map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      if (!r.isSuccess()) {
        m.put("ok", false);
        m.put("error", HubSpotError.of(r).describe());
        return m;
      }
      var first = r.json().path("results").path(0);
      long limit = first.path("usageLimit").asLong(-1);
      long used = first.path("currentUsage").asLong(-1);
      m.put("ok", true);
      m.put("usageLimit", limit);
      m.put("currentUsage", used);
      m.put("left", limit >= 0 && used >= 0 ? Math.max(0, limit - used) : null);
      m.put("resetsAt", first.path("resetsAt").asText(null));
      m.put("collectedAt", first.path("collectedAt").asText(null));
      m.put("fetchStatus", first.path("fetchStatus").asText(null));
      return m;
    }).recover(e -> Future.succeededFuture(new LinkedHashMap<>(Map.of("ok", false, "error",
        "no answer from HubSpot (" + e.getMessage() + ")"))));
  }
}
