package io.hsdest.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.CrmObject;
import io.hsdest.fake.EventOccurrence;
import io.hsdest.fake.PortalView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identify / track / page / group sequence every client sends (the same as {@code node/common.mjs}),
 * keyed by a tag that makes its identifiers unique, and what HubSpot must hold afterwards.
 */
record Sequence(String tag) {
  private static final AtomicLong COUNTER = new AtomicLong();
  static final Duration WAIT = Duration.ofSeconds(10);

  static Sequence fresh(String prefix) {
    return new Sequence(prefix + "-" + System.currentTimeMillis() % 1_000_000 + "-" + COUNTER.incrementAndGet());
  }

  String userId() {
    return "u-" + tag;
  }

  String email() {
    return "jane." + tag + "@example.com";
  }

  String groupId() {
    return "g-" + tag;
  }

  String companyName() {
    return "Acme " + tag;
  }

  String domain() {
    return "acme-" + tag + ".example";
  }

  String orderId() {
    return "o-" + tag;
  }

  String pageUrl() {
    return "https://shop.example/pricing?run=" + tag;
  }

  Map<String, Object> identifyTraits() {
    return Map.of("email", email(), "firstName", "Jane", "lastName", "Doe", "company", "Acme", "phone", "+1 555 0100");
  }

  Map<String, Object> trackProperties() {
    return Map.of("revenue", 42.5, "currency", "USD", "orderId", orderId());
  }

  Map<String, Object> pageProperties() {
    return Map.of("url", pageUrl(), "title", "Pricing");
  }

  Map<String, Object> groupTraits() {
    return Map.of("name", companyName(), "domain", domain(), "employees", 100);
  }

  /** The contact, built from identify: email is the upsert key, camelCase traits land on HubSpot's names. */
  CrmObject assertContact(PortalView portal) {
    CrmObject contact = WireServer.await("contact " + email(), WAIT, () -> portal.contactBy("email", email()).orElse(null));
    assertThat(contact.properties()).as("contact %s", email()).containsAllEntriesOf(Map.of(
        "email", email(), "firstname", "Jane", "lastname", "Doe", "company", "Acme", "phone", "+1 555 0100"));
    return contact;
  }

  /** track "Order Completed" as the mapped custom event, attached to the contact. */
  EventOccurrence assertOrderEvent(PortalView portal, CrmObject contact) {
    EventOccurrence e = WireServer.await("order event for " + tag, WAIT, () -> find(portal.eventOccurrences(WireServer.ORDER_EVENT),
        o -> orderId().equals(o.properties().get("order_id"))));
    assertThat(e.objectId()).as("order event attached to the contact").isEqualTo(contact.id());
    assertThat(e.properties()).containsEntry("currency", "USD").containsEntry("order_id", orderId());
    assertThat(Double.parseDouble(e.properties().get("amount"))).isEqualTo(42.5);
    return e;
  }

  /** page as the configured page event, attached to the contact. */
  EventOccurrence assertPageEvent(PortalView portal, CrmObject contact) {
    EventOccurrence e = WireServer.await("page event for " + tag, WAIT, () -> find(portal.eventOccurrences(WireServer.PAGE_EVENT),
        o -> contact.id().equals(o.objectId())));
    assertThat(e.properties()).containsEntry("hs_page_url", pageUrl()).containsEntry("hs_page_title", "Pricing");
    return e;
  }

  /** group: the company upserted by segment_group_id and associated with the user's contact. */
  CrmObject assertCompany(PortalView portal, CrmObject contact) {
    CrmObject company = WireServer.await("company " + groupId(), WAIT,
        () -> portal.companyBy("segment_group_id", groupId()).orElse(null));
    assertThat(company.properties()).containsEntry("name", companyName()).containsEntry("domain", domain())
        .containsEntry("numberofemployees", "100");
    WireServer.await("association of contact " + contact.id() + " with company " + company.id(), WAIT,
        () -> portal.associatedIds("contacts", contact.id(), "companies").contains(company.id()) ? true : null);
    return company;
  }

  /** Everything the four calls imply. */
  void assertDelivered(PortalView portal) {
    CrmObject contact = assertContact(portal);
    assertOrderEvent(portal, contact);
    assertPageEvent(portal, contact);
    assertCompany(portal, contact);
  }

  /** The server's answer: every message final; identify, track, page, group delivered. */
  static void assertAllDelivered(JsonArray results, String what) {
    assertThat(results).as("%s: results", what).isNotEmpty();
    for (Object r : results) {
      JsonObject result = (JsonObject) r;
      assertThat(result.getString("outcome")).as("%s: outcome of %s", what, result.encode())
          .isIn("DELIVERED", "DELIVERED_WITH_WARNINGS");
    }
  }

  static <T> T find(List<T> list, java.util.function.Predicate<T> p) {
    Optional<T> hit = list.stream().filter(p).findFirst();
    return hit.orElse(null);
  }
}
