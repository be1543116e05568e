package io.hsdest.delivery.policy;

import io.hsdest.clock.Scheduler;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.hubspot.Endpoint.RateClass;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * HubSpot for the calls made outside the delivery lanes (schema reads, property and definition
 * creation, list syncs, email-event and warehouse pulls, token probes): each waits for a slot in
 * the token's budget, the same budget the lanes spend, so that no call of the token earns a 429.
 */
public final class PacedHubSpotApi implements HubSpotApi {
  private final Scheduler scheduler;
  private final HubSpotApi api;
  private final TokenBudget budget;

  public PacedHubSpotApi(Scheduler scheduler, HubSpotApi api, TokenBudget budget) {
    this.scheduler = scheduler;
    this.api = api;
    this.budget = budget;
  }

  @Override
  public boolean live() {
    return api.live();
  }

  @Override
  public Future<HubSpotResponse> call(HubSpotCall call) {
    RateClass rateClass = call.endpoint().rateClass;
    if (rateClass == RateClass.EXEMPT || !api.live()) return api.call(call);
    Promise<HubSpotResponse> result = Promise.promise();
    whenAllowed(rateClass, () -> api.call(call).onComplete(ar -> {
      budget.answered(rateClass, scheduler.now(), ar.succeeded() ? ar.result() : null);
      result.handle(ar);
    }));
    return result.future();
  }

  private void whenAllowed(RateClass rateClass, Runnable send) {
    long wait = budget.tryAcquire(rateClass, scheduler.now());
    if (wait <= 0) send.run();
    else scheduler.schedule(wait, () -> whenAllowed(rateClass, send));
  }
}
