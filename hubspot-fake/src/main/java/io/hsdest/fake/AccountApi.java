package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Account info v3: details and the private app's daily usage (hubspot-api.md section 1). */
final class AccountApi {
  /** What the usage endpoint reports as the limit when the fake's daily limit is off (Enterprise). */
  static final long UNLIMITED_REPORTED = 1_000_000;

  void register(ApiRoutes r) {
    var account = ApiRoutes.family(ApiFamily.ACCOUNT_INFO);
    r.get("/account-info/v3/details", account, x -> Reply.json(200, new JsonObject()
        .put("portalId", x.portal.portalId).put("timeZone", "US/Eastern").put("companyCurrency", "USD")
        .put("uiDomain", "app.hubspot.com").put("dataHostingLocation", "na1")));
    r.get("/account-info/v3/api-usage/daily/private-apps", account, this::usage);
  }

  private Reply usage(Exchange x) {
    long limit = x.config.dailyLimit() > 0 ? x.config.dailyLimit() : UNLIMITED_REPORTED;
    JsonObject usage = new JsonObject().put("name", "private-apps-api-calls-daily").put("usageLimit", limit)
        .put("currentUsage", x.grant.daily.used(x.receivedAt)).put("collectedAt", Timestamps.iso(x.receivedAt))
        .put("fetchStatus", "SUCCESS")
        .put("resetsAt", Timestamps.iso(DailyQuota.nextReset(x.receivedAt).toEpochMilli()));
    return Reply.json(200, new JsonObject().put("results", new JsonArray().add(usage)));
  }
}
