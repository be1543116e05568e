package io.hsdest.delivery.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HubSpot's limits are per token, so destinations that share a token share one budget. A
 * dry-run destination (no token) gets an unlimited budget of its own.
 */
public final class RateBudgets {
  private final Map<String, TokenBudget> byToken = new ConcurrentHashMap<>();

  /** The token's budget; {@code perTenSeconds} and {@code searchPerSecond} are the starting limits until HubSpot's headers say. */
  public TokenBudget forToken(String token, int perTenSeconds, int searchPerSecond) {
    if (token == null) return new TokenBudget(new RateBudget(Integer.MAX_VALUE / 2, 10_000), new RateBudget(Integer.MAX_VALUE / 2, 1_000));
    return byToken.computeIfAbsent(token, t -> new TokenBudget(new RateBudget(perTenSeconds, 10_000), new RateBudget(searchPerSecond, 1_000)));
  }
}
