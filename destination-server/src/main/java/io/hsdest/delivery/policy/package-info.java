/** What HubSpot's answers mean (verdicts, AnswerPolicy), retries, the token's rate budget and where the portal stands. */
package io.hsdest.delivery.policy;
