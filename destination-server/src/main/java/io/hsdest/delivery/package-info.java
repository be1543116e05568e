/**
 * Delivery: per destination (portal and token), operations queue by HubSpot endpoint, merge when
 * they write the same record, wait for what they depend on, fill batch calls, spend the token's
 * rate budget without earning a 429, retry what is retryable, isolate bad inputs, and resolve every
 * message to one outcome. This package is what the rest of the server sees
 * ({@link io.hsdest.delivery.DestinationDelivery}, {@link io.hsdest.delivery.DeliveryEngine},
 * {@link io.hsdest.delivery.DestinationPipeline}); the work is in five sub-packages, one job each:
 *
 * <ul>
 *   <li>{@code run}: requests and messages become tasks in dependency order and in each user's order
 *       ({@code UserOrder}), taken or refused by {@code Admission}, driven by the {@code Engine};
 *   <li>{@code batch}: the lanes (one per endpoint and lane name) and the pump, which decides which
 *       batches go now as a function of the time, the budget and what waits; {@code BatchLimits} is
 *       where batch sizes are decided;
 *   <li>{@code wire}: one codec per endpoint, a batch into one call and the answer into a verdict per input;
 *   <li>{@code policy}: the verdicts, {@code AnswerPolicy} (where a 429, 423, 477, 401, 403, 5xx or no
 *       answer is handled), retries, the token's rate budget, where the portal stands;
 *   <li>{@code resolve}: the business rules that turn an answer into the next operations (claiming a
 *       contact after a 409, adopting a company by domain, looking a contact up, re-setting a
 *       lifecycle stage, forgetting an id HubSpot no longer has).
 * </ul>
 *
 * <p>Concurrency: each engine is confined to one event loop ({@link io.hsdest.clock.Scheduler});
 * callers get futures completed on their own context. Failure contract: a message is final only
 * when HubSpot accepted it or it was refused for a reason no retry can fix; anything else is
 * reported not final and resent; HubSpot writes are idempotent, so a resend never duplicates.
 */
package io.hsdest.delivery;
