package io.hsdest.delivery;

import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * HubSpot for the calls made outside the delivery lanes (schema reads, property and definition
 * creation, list lookups, token probes): each waits for a slot in the token's rate budget, the
 * same budget the lanes spend, so that no call of the destination earns a 429.
 */
public final class PacedHubSpotApi implements HubSpotApi {
  private final Vertx vertx;
  private final HubSpotApi api;
  private final RateBudget tenSecondly;
  private final RateBudget search;

  public PacedHubSpotApi(Vertx vertx, HubSpotApi api, RateBudgets budgets, String token, int perTenSeconds, int searchPerSecond) {
    this.vertx = vertx;
    this.api = api;
    this.tenSecondly = budgets.tenSecondly(token, perTenSeconds);
    this.search = budgets.search(token, searchPerSecond);
  }

  @Override
  public boolean live() {
    return api.live();
  }

  @Override
  public Future<HubSpotResponse> call(HubSpotCall call) {
    RateBudget budget = switch (call.endpoint().rateClass) {
      case TEN_SECONDLY -> tenSecondly;
      case SEARCH -> search;
      case EXEMPT -> null;
    };
    if (budget == null || !api.live()) return api.call(call);
    Promise<HubSpotResponse> result = Promise.promise();
    whenAllowed(budget, () -> api.call(call).onComplete(ar -> {
      long now = System.currentTimeMillis();
      HubSpotResponse r = ar.succeeded() ? ar.result() : null;
      if (budget == tenSecondly) budget.answered(now, r); // learns HubSpot's limit, as the lanes' calls do
      else if (r != null && r.status() != 429) budget.answered(now, -1, -1, -1);
      else budget.unanswered(now);
      result.handle(ar);
    }));
    return result.future();
  }

  private void whenAllowed(RateBudget budget, Runnable send) {
    long wait = budget.tryAcquire(System.currentTimeMillis());
    if (wait <= 0) send.run();
    else vertx.setTimer(wait, id -> whenAllowed(budget, send));
  }
}
