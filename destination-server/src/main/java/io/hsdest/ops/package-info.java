/**
 * Operations endpoints: {@code /health} (liveness and readiness), {@code /metrics} (Prometheus,
 * through Micrometer) and {@code /status} (per-destination delivery state, admin only). None of
 * them ever shows a token or a write key.
 */
package io.hsdest.ops;
