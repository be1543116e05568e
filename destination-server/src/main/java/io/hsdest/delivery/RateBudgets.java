package io.hsdest.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HubSpot's limits are per token, so destinations that share a token share one budget. A
 * dry-run destination (no token) gets an unlimited budget of its own.
 */
public final class RateBudgets {
  private final Map<String, RateBudget> tenSecondly = new ConcurrentHashMap<>();
  private final Map<String, RateBudget> search = new ConcurrentHashMap<>();

  RateBudget tenSecondly(String token, int perTenSeconds) {
    if (token == null) return new RateBudget(Integer.MAX_VALUE / 2, 10_000);
    return tenSecondly.computeIfAbsent(token, t -> new RateBudget(perTenSeconds, 10_000));
  }

  RateBudget search(String token, int perSecond) {
    if (token == null) return new RateBudget(Integer.MAX_VALUE / 2, 1_000);
    return search.computeIfAbsent(token, t -> new RateBudget(perSecond, 1_000));
  }
}
