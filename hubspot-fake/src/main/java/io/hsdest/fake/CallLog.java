package io.hsdest.fake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The call log: the last {@code capacity} calls with their bodies, plus counters that are never trimmed. Bounded so a
 * benchmark at thousands of calls per second cannot exhaust the heap. Event loop only.
 */
final class CallLog {
  private final ArrayDeque<CallRecord> recent = new ArrayDeque<>();
  private final Map<String, Map<Integer, long[]>> byEndpoint = new HashMap<>();
  private final Map<Integer, long[]> byStatus = new HashMap<>();
  private long total;
  private long tooManyRequests;
  private long serverErrors;
  private long hung;
  long eventOccurrencesStored;

  void record(CallRecord call, int capacity) {
    total++;
    int status = call.status();
    byEndpoint.computeIfAbsent(call.endpoint(), k -> new HashMap<>())
        .computeIfAbsent(status, k -> new long[1])[0]++;
    byStatus.computeIfAbsent(status, k -> new long[1])[0]++;
    if (status == 429) {
      tooManyRequests++;
    } else if (status >= 500) {
      serverErrors++;
    } else if (status == 0) {
      hung++;
    }
    if (capacity <= 0) {
      recent.clear();
      return;
    }
    while (recent.size() >= capacity) {
      recent.removeFirst();
    }
    recent.addLast(call);
  }

  List<CallRecord> recent() {
    return new ArrayList<>(recent);
  }

  CallStats stats() {
    Map<String, Map<Integer, Long>> endpoints = new TreeMap<>();
    byEndpoint.forEach((k, v) -> {
      Map<Integer, Long> s = new TreeMap<>();
      v.forEach((status, n) -> s.put(status, n[0]));
      endpoints.put(k, s);
    });
    Map<Integer, Long> statuses = new TreeMap<>();
    byStatus.forEach((status, n) -> statuses.put(status, n[0]));
    return new CallStats(total, endpoints, statuses, tooManyRequests, serverErrors, hung, eventOccurrencesStored);
  }

  void clear() {
    recent.clear();
    byEndpoint.clear();
    byStatus.clear();
    total = tooManyRequests = serverErrors = hung = eventOccurrencesStored = 0;
  }
}
