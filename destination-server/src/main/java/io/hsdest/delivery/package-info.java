/**
 * Delivery: per destination (portal), operations queue by HubSpot endpoint ("lanes"), merge when
 * they write the same record, wait for what they depend on (a user's contact write before their
 * event or association), fill batch calls within {@code maxBatchDelayMs}, spend the token's rate
 * budget without earning a 429, retry what is retryable, isolate bad inputs, and resolve every
 * message to one outcome.
 *
 * <p>Concurrency: each {@link io.hsdest.delivery.DeliveryEngine} is confined to one Vert.x
 * context; all its state is touched only there. Callers get futures completed on their own context.
 *
 * <p>Failure contract: a message is final only when HubSpot accepted it or it was refused for a
 * reason no retry can fix. Anything else is reported not final, its queued operations are
 * withdrawn, and the client resends; HubSpot writes are idempotent, so a resend never duplicates.
 */
package io.hsdest.delivery;
