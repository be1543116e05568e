package io.hsdest.emailevents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One export's counts since the server started, for /status, and the same as Prometheus counters
 * ({@code email_events_read_total}, {@code email_events_sent_total{type}}, {@code email_events_skipped_total{reason}},
 * {@code email_events_duplicates_removed_total}, {@code email_events_sink_errors_total{status}},
 * {@code email_events_hubspot_errors_total{status}}, {@code email_events_offset_restarts_total},
 * {@code email_events_polls_total{outcome}}), tagged with the destination id and the sink type, never a key or URL.
 * Written on the export's context, read from anywhere.
 */
final class ExportCounts {
  private final MeterRegistry metrics;
  private final String destinationId;
  private final String sink;
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong sinkErrors = new AtomicLong();
  private final AtomicLong hubspotErrors = new AtomicLong();
  private final AtomicLong offsetRestarts = new AtomicLong();
  private final AtomicLong polls = new AtomicLong();
  private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> sentByType = new ConcurrentHashMap<>();

  ExportCounts(MeterRegistry metrics, String destinationId, String sink) {
    this.metrics = metrics;
    this.destinationId = destinationId;
    this.sink = sink;
  }

  void read(long n) {
    read.addAndGet(n);
    counter("email_events_read", "email events read from HubSpot").increment(n);
  }

  void sent(EmailEventType type, long n) {
    sent.addAndGet(n);
    sentByType.computeIfAbsent(type.name(), k -> new AtomicLong()).addAndGet(n);
    counter("email_events_sent", "email events the sink took", "type", type.name()).increment(n);
  }

  void skipped(String reason, long n) {
    if (n == 0) return;
    skipped.computeIfAbsent(reason, k -> new AtomicLong()).addAndGet(n);
    counter("email_events_skipped", "email events not sent, by reason", "reason", reason).increment(n);
  }

  void duplicates(long n) {
    if (n == 0) return;
    duplicates.addAndGet(n);
    counter("email_events_duplicates_removed", "email events read again and not sent again").increment(n);
  }

  void sinkError(String status) {
    sinkErrors.incrementAndGet();
    counter("email_events_sink_errors", "sink answers that were not a success", "status", status).increment();
  }

  void hubspotError(String status) {
    hubspotErrors.incrementAndGet();
    counter("email_events_hubspot_errors", "HubSpot email events calls that were not a success", "status", status)
        .increment();
  }

  void offsetRestart() {
    offsetRestarts.incrementAndGet();
    counter("email_events_offset_restarts", "windows read again because HubSpot no longer knew the offset").increment();
  }

  void poll(String outcome) {
    polls.incrementAndGet();
    counter("email_events_polls", "email events polls by outcome", "outcome", outcome).increment();
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("read", read.get());
    m.put("sent", sent.get());
    m.put("sentByType", snapshot(sentByType));
    m.put("skipped", snapshot(skipped));
    m.put("duplicatesRemoved", duplicates.get());
    m.put("sinkErrors", sinkErrors.get());
    m.put("hubspotErrors", hubspotErrors.get());
    m.put("offsetRestarts", offsetRestarts.get());
    m.put("polls", polls.get());
    return m;
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private Counter counter(String name, String description, String... tags) {
    Counter.Builder b = Counter.builder(name).description(description).tag("destination", destinationId).tag("sink", sink);
    for (int i = 0; i + 1 < tags.length; i += 2) b.tag(tags[i], tags[i + 1]);
    return b.register(metrics);
  }
}
