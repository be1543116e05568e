package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Account info v3 (details and the private app's daily usage) and the private app token introspection
 * (hubspot-api.md section 1).
 */
final class AccountApi {
  /** What the usage endpoint reports as the limit when the fake's daily limit is off (Enterprise). */
  static final long UNLIMITED_REPORTED = 1_000_000;
  static final String TOKEN_INFO = "/oauth/v2/private-apps/get/access-token-info";

  private final FakeState state;

  AccountApi(FakeState state) {
    this.state = state;
  }

  void register(ApiRoutes r) {
    var account = ApiRoutes.family(ApiFamily.ACCOUNT_INFO);
    r.get("/account-info/v3/details", account, this::details);
    r.get("/account-info/v3/api-usage/daily/private-apps", account, this::usage);
    // the token is the body's tokenKey; no Authorization header needed, not counted against the limits
    r.add(io.vertx.core.http.HttpMethod.POST, TOKEN_INFO, LimitClass.TOKEN_IN_BODY, null, this::tokenInfo);
  }

  /** {@code accountType}, {@code timeZone}, currencies, {@code dataHostingLocation} and {@code uiDomain} of the portal. */
  private Reply details(Exchange x) {
    ZoneId zone = DailyQuota.ACCOUNT_ZONE;
    int offsetSeconds = zone.getRules().getOffset(Instant.ofEpochMilli(x.receivedAt)).getTotalSeconds();
    return Reply.json(200, new JsonObject()
        .put("portalId", x.portal.portalId).put("accountType", "STANDARD").put("timeZone", zone.getId())
        .put("companyCurrency", "USD").put("additionalCurrencies", new JsonArray())
        .put("utcOffset", zone.getRules().getOffset(Instant.ofEpochMilli(x.receivedAt)).getId())
        .put("utcOffsetMilliseconds", offsetSeconds * 1000L)
        .put("uiDomain", x.portal.uiDomain()).put("dataHostingLocation", x.portal.dataHostingLocation));
  }

  private Reply usage(Exchange x) {
    long limit = x.config.dailyLimit() > 0 ? x.config.dailyLimit() : UNLIMITED_REPORTED;
    JsonObject usage = new JsonObject().put("name", "private-apps-api-calls-daily").put("usageLimit", limit)
        .put("currentUsage", x.grant.daily.used(x.receivedAt)).put("collectedAt", Timestamps.iso(x.receivedAt))
        .put("fetchStatus", "SUCCESS")
        .put("resetsAt", Timestamps.iso(DailyQuota.nextReset(x.receivedAt).toEpochMilli()));
    return Reply.json(200, new JsonObject().put("results", new JsonArray().add(usage)));
  }

  /**
   * {@code {"tokenKey":"pat-..."}} -> {@code {"userId","hubId","appId","scopes":[...]}} for that token (which may
   * differ from a Bearer header sent along). An unknown or missing token is refused as HubSpot refuses bad
   * credentials; the exact body HubSpot uses here is not documented.
   */
  private Reply tokenInfo(Exchange x) {
    Object key = x.body().getValue("tokenKey");
    if (!(key instanceof String) || ((String) key).isBlank()) {
      throw Envelopes.validation("tokenKey is required: the private app access token to describe");
    }
    TokenGrant g = state.tokens.get(key);
    if (g == null) {
      return Envelopes.unauthorized();
    }
    return Reply.json(200, new JsonObject().put("userId", g.userId).put("hubId", g.portal.portalId)
        .put("appId", g.appId).put("scopes", new JsonArray(g.scopes())));
  }
}
