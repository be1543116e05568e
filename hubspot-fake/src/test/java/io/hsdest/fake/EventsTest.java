package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Custom events (hubspot-api.md section 6; vectors V23, V29 of cloud-mode.md) and definitions E0. */
class EventsTest extends FakeTestBase {

  private static JsonObject order(String email, String uuid) {
    return new JsonObject().put("eventName", "pe123456_order_completed").put("email", email)
        .put("occurredAt", "2024-05-01T10:00:00.000Z").put("uuid", uuid)
        .put("properties", props("order_id", "A-1", "amount", "99.5", "currency", "USD"));
  }

  @Test
  void definitionsE0WithProperties() {
    Resp r = get("/events/v3/event-definitions?includeProperties=true");
    JsonArray results = r.results();
    assertThat(results).hasSize(3);
    JsonObject order = results.getJsonObject(0);
    assertThat(order.getString("name")).isEqualTo("order_completed");
    assertThat(order.getString("fullyQualifiedName")).isEqualTo("pe123456_order_completed");
    assertThat(order.getString("primaryObject")).isEqualTo("CONTACT");
    assertThat(order.getJsonObject("labels").getString("singular")).isEqualTo("Order Completed");
    JsonObject amount = order.getJsonArray("properties").stream().map(o -> (JsonObject) o)
        .filter(p -> p.getString("name").equals("amount")).findFirst().orElseThrow();
    assertThat(amount.getString("type")).isEqualTo("number");
    JsonObject coupon = order.getJsonArray("properties").stream().map(o -> (JsonObject) o)
        .filter(p -> p.getString("name").equals("coupon_used")).findFirst().orElseThrow();
    assertThat(coupon.getJsonArray("options")).hasSize(2);
    assertThat(get("/events/v3/event-definitions").results().getJsonObject(0).getJsonArray("properties")).isEmpty();
    Resp paged = get("/events/v3/event-definitions?limit=2");
    assertThat(paged.results()).hasSize(2);
    assertThat(paged.json().getJsonObject("paging").getJsonObject("next").getString("after")).isEqualTo("2");
    assertThat(get("/events/v3/event-definitions?limit=2&after=2").results()).hasSize(1);
  }

  @Test
  void createDefinitionThen409AndAddAProperty() {
    JsonObject def = new JsonObject().put("label", "Trial Started").put("name", "trial_started")
        .put("primaryObject", "CONTACT").put("propertyDefinitions", new JsonArray()
            .add(new JsonObject().put("name", "plan").put("label", "Plan").put("type", "string")));
    Resp created = post("/events/v3/event-definitions", def);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("fullyQualifiedName")).isEqualTo("pe123456_trial_started");
    assertThat(post("/events/v3/event-definitions", def).status()).isEqualTo(409);
    Resp prop = post("/events/v3/event-definitions/trial_started/property", new JsonObject().put("name", "seats")
        .put("label", "Seats").put("type", "number"));
    assertThat(prop.status()).isEqualTo(201);
    assertThat(post("/events/v3/send", new JsonObject().put("eventName", "pe123456_trial_started")
        .put("email", "t@x.com").put("properties", props("plan", "pro", "seats", "3"))).status()).isEqualTo(204);
    assertThat(post("/events/v3/event-definitions", new JsonObject().put("label", "x").put("name", "Bad Name"))
        .status()).isEqualTo(400);
  }

  @Test
  void sendStoresAnOccurrenceAttachedToTheContact() {
    String id = upsertContact("jane@x.com");
    Resp r = post("/events/v3/send", order("Jane@X.com", "098a1d46-1513-5837-9c0a-fe97b8c48af2"));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    List<EventOccurrence> stored = fake.eventOccurrences();
    assertThat(stored).hasSize(1);
    EventOccurrence o = stored.get(0);
    assertThat(o.objectId()).isEqualTo(id);
    assertThat(o.email()).isEqualTo("jane@x.com");
    assertThat(o.occurredAt()).isEqualTo("2024-05-01T10:00:00.000Z");
    assertThat(o.properties()).containsEntry("amount", "99.5");
    Resp read = get("/events/v3/events?eventType=pe123456_order_completed&objectType=contact&objectId=" + id);
    assertThat(read.results()).hasSize(1);
    assertThat(read.results().getJsonObject(0).getString("id")).isEqualTo("098a1d46-1513-5837-9c0a-fe97b8c48af2");
  }

  @Test
  void batchOf500IsAcceptedAndOneBadOccurrenceFailsTheWholeBatch() {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 500; i++) {
      many.add(order("e" + i + "@x.com", "00000000-0000-0000-0000-" + String.format("%012d", i)));
    }
    assertThat(post("/events/v3/send/batch", new JsonObject().put("inputs", many)).status()).isEqualTo(204);
    assertThat(fake.eventOccurrences()).hasSize(500);
    many.add(order("late@x.com", "x"));
    assertThat(post("/events/v3/send/batch", new JsonObject().put("inputs", many)).status()).isEqualTo(400);

    Resp bad = post("/events/v3/send/batch", inputs(order("a@x.com", "u-a"),
        order("b@x.com", "u-b").put("properties", props("products", "[]"))));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getString("category")).isEqualTo("VALIDATION_ERROR");
    assertThat(bad.json().getString("message")).startsWith("inputs[1]: ").contains("products");
    assertThat(fake.eventOccurrences()).hasSize(500);
  }

  @Test
  void validationRules() {
    assertThat(message(new JsonObject().put("eventName", "pe123456_nope").put("email", "a@x.com")))
        .contains("pe123456_nope");
    assertThat(message(new JsonObject().put("eventName", "pe123456_signed_up"))).contains("email, utk or objectId");
    assertThat(message(order("a@x.com", "u").put("properties", props("amount", "lots")))).contains("amount");
    assertThat(message(order("a@x.com", "u").put("occurredAt", "last week"))).contains("occurredAt");
    assertThat(message(order("a@x.com", "u").put("objectId", "987654"))).contains("987654");
    JsonObject tooMany = new JsonObject();
    for (int i = 0; i < 51; i++) {
      tooMany.put("hs_utm_x" + i, "v");
    }
    assertThat(message(order("a@x.com", "u").put("properties", tooMany))).contains("at most 50");
    assertThat(post("/events/v3/send", order("a@x.com", "u").put("occurredAt", 1714557600000L)).status())
        .isEqualTo(204);
    assertThat(post("/events/v3/send", new JsonObject().put("eventName", "pe123456_page_viewed").put("utk", "abc")
        .put("properties", props("hs_page_url", "https://acme.io/pricing"))).status()).as("default hs_ props")
        .isEqualTo(204);
  }

  private static String message(JsonObject event) {
    Resp r = post("/events/v3/send", event);
    assertThat(r.status()).isEqualTo(400);
    return r.json().getString("message");
  }

  @Test
  void repeatedUuidIsAcceptedButNotStoredAgain() {
    assertThat(post("/events/v3/send", order("a@x.com", "same-uuid")).status()).isEqualTo(204);
    assertThat(post("/events/v3/send", order("a@x.com", "same-uuid")).status()).isEqualTo(204);
    assertThat(post("/events/v3/send/batch", inputs(order("a@x.com", "same-uuid"), order("b@x.com", "other"),
        order("b@x.com", "other"))).status()).isEqualTo(204);
    assertThat(fake.eventOccurrences()).extracting(EventOccurrence::uuid).containsExactly("same-uuid", "other");
    assertThat(fake.stats().eventOccurrencesStored()).isEqualTo(2);
  }

  @Test
  void repeatedUuidCanBeRejected() {
    fake.configure(c -> c.with(new JsonObject().put("rejectDuplicateEventUuid", true)));
    post("/events/v3/send", order("a@x.com", "same-uuid"));
    Resp r = post("/events/v3/send", order("a@x.com", "same-uuid"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("message")).contains("same-uuid");
  }
}
