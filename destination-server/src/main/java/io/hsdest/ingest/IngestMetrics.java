package io.hsdest.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Messages received and their outcomes, by destination and type; counters looked up once, not per message. */
final class IngestMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void received(String destination, String type) {
    counters.computeIfAbsent("in\u0000" + destination + "\u0000" + type, k -> Counter.builder("ingest_messages")
        .description("Messages received, by destination and type")
        .tag("destination", destination).tag("type", type).register(registry)).increment();
  }

  void outcome(String destination, String type, String outcome) {
    counters.computeIfAbsent("out\u0000" + destination + "\u0000" + type + "\u0000" + outcome, k -> Counter.builder("message_outcomes")
        .description("Final message outcomes, by destination, type and outcome")
        .tag("destination", destination).tag("type", type).tag("outcome", outcome).register(registry)).increment();
  }
}
