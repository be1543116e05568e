package io.hsdest.fake;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All mutable state of one fake: tokens, portals, config, call log, scripts, dice. Touched only on the fake's event
 * loop (the HTTP handlers run there; the Java API hops onto it), so nothing here is synchronized.
 */
final class FakeState {
  static final String DEFAULT_TOKEN = "pat-na1-TEST";
  static final long DEFAULT_PORTAL_ID = 123456;

  FakeConfig config;
  final Map<String, TokenGrant> tokens = new HashMap<>();
  final Map<Long, Portal> portals = new LinkedHashMap<>();
  final CallLog log = new CallLog();
  final ScriptBook scripts = new ScriptBook();
  final FaultDice dice;

  FakeState(FakeConfig config) {
    this.config = config;
    this.dice = new FaultDice(config.seed());
    addPortal(DEFAULT_TOKEN, DEFAULT_PORTAL_ID);
  }

  /** Seeds a portal with the default schema if it is new; a second token for an existing portal shares it. */
  Portal addPortal(String token, long portalId) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty");
    }
    Portal p = portals.computeIfAbsent(portalId, Portal::new);
    tokens.put(token, new TokenGrant(token, p, 5_000_000 + tokens.size()));
    return p;
  }

  void revoke(String token) {
    tokens.remove(token);
  }

  TokenGrant grant(String token) {
    TokenGrant g = tokens.get(token);
    if (g == null) {
      throw new IllegalArgumentException("unknown token");
    }
    return g;
  }

  Portal portal(long portalId) {
    Portal p = portals.get(portalId);
    if (p == null) {
      throw new IllegalArgumentException("no portal " + portalId + "; add it with addPortal(token, portalId)");
    }
    return p;
  }

  void configure(FakeConfig c) {
    if (c.seed() != config.seed()) {
      dice.reseed(c.seed());
    }
    config = c;
  }

  /** Back to one seeded default portal, empty log and scripts, dice reseeded; the config is kept. */
  void reset() {
    // record ids are never reused, as in HubSpot: a client's id from before the reset finds nothing
    java.util.Map<ObjectType, Long> used = new java.util.EnumMap<>(ObjectType.class);
    for (Portal p : portals.values()) {
      for (ObjectType t : ObjectType.values()) used.merge(t, p.store(t).nextId(), Math::max);
    }
    tokens.clear();
    portals.clear();
    log.clear();
    scripts.clear();
    dice.reseed(config.seed());
    Portal fresh = addPortal(DEFAULT_TOKEN, DEFAULT_PORTAL_ID);
    used.forEach((t, next) -> fresh.store(t).idsFrom(next));
  }
}
