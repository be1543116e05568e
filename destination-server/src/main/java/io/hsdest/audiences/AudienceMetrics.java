package io.hsdest.audiences;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * Prometheus counters per destination: syncs by kind ({@code full}, {@code incremental}, {@code cohort}) and
 * outcome ({@code ok}, or the failure's code), and contacts added, removed and created, and members dropped by
 * reason.
 */
final class AudienceMetrics {
  private final MeterRegistry registry;
  private final String destination;

  AudienceMetrics(MeterRegistry registry, String destination) {
    this.registry = registry;
    this.destination = destination;
  }

  void synced(String kind, SyncReport r) {
    sync(kind, "ok");
    counter("audience_members_added_total", "Contacts added to HubSpot lists by audience syncs").increment(r.added());
    counter("audience_members_removed_total", "Contacts removed from HubSpot lists by audience syncs").increment(r.removed());
    counter("audience_contacts_created_total", "Contacts created in HubSpot so audience members could join lists")
        .increment(r.createdContacts());
    for (Map.Entry<String, Integer> e : r.droppedByReason().entrySet()) {
      Counter.builder("audience_members_dropped_total").description("Audience members not put in a list, by reason")
          .tag("destination", destination).tag("reason", e.getKey()).register(registry).increment(e.getValue());
    }
  }

  void failed(String kind, String code) {
    sync(kind, code);
  }

  private void sync(String kind, String outcome) {
    Counter.builder("audience_syncs_total").description("Audience and cohort syncs by kind and outcome")
        .tag("destination", destination).tag("kind", kind).tag("outcome", outcome).register(registry).increment();
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tag("destination", destination).register(registry);
  }
}
