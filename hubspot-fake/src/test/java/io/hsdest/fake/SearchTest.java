package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CRM search (DOC-SEARCH): operators, OR of AND groups, sorts, paging, limits, the 5/s limit. */
class SearchTest extends FakeTestBase {

  @BeforeEach
  void seed() {
    fake.configure(c -> c.withSearchPerSecond(0));
    post("/crm/v3/objects/companies/batch/upsert", inputs(
        company("g-1", "acme.io", "Acme", "10"),
        company("g-2", "acme.io", "Acme Two", "300"),
        company("g-3", "globex.com", "Globex", "50")));
    post("/crm/v3/objects/companies/batch/upsert", inputs(new JsonObject().put("idProperty", "segment_group_id")
        .put("id", "g-4").put("properties", props("name", "Nameless"))));
  }

  private static JsonObject company(String groupId, String domain, String name, String employees) {
    return new JsonObject().put("idProperty", "segment_group_id").put("id", groupId)
        .put("properties", props("domain", domain, "name", name, "numberofemployees", employees));
  }

  private static JsonObject filter(String property, String op, Object value) {
    JsonObject f = new JsonObject().put("propertyName", property).put("operator", op);
    if (value instanceof JsonArray) {
      f.put("values", value);
    } else if (value != null) {
      f.put("value", value);
    }
    return f;
  }

  private static JsonObject group(JsonObject... filters) {
    JsonArray a = new JsonArray();
    for (JsonObject f : filters) {
      a.add(f);
    }
    return new JsonObject().put("filters", a);
  }

  private static List<String> names(JsonObject body) {
    List<String> n = new ArrayList<>();
    body.getJsonArray("results").forEach(r -> n.add(((JsonObject) r).getJsonObject("properties").getString("name")));
    return n;
  }

  private static Resp search(JsonObject... groups) {
    return searchWith(new JsonObject(), groups);
  }

  private static Resp searchWith(JsonObject extra, JsonObject... groups) {
    JsonArray g = new JsonArray();
    for (JsonObject x : groups) {
      g.add(x);
    }
    return post("/crm/v3/objects/companies/search", extra.copy().put("filterGroups", g));
  }

  @Test
  void filtersInAGroupAreAndedAndGroupsAreOred() {
    Resp and = search(group(filter("domain", "EQ", "ACME.io"), filter("numberofemployees", "GT", "100")));
    assertThat(and.json().getInteger("total")).isEqualTo(1);
    assertThat(names(and.json())).containsExactly("Acme Two");
    Resp or = search(group(filter("name", "EQ", "Globex")), group(filter("numberofemployees", "LT", "20")));
    assertThat(names(or.json())).containsExactlyInAnyOrder("Acme", "Globex");
  }

  @Test
  void operators() {
    assertThat(search(group(filter("domain", "NEQ", "acme.io"))).json().getInteger("total")).isEqualTo(2);
    assertThat(search(group(filter("domain", "IN", new JsonArray().add("globex.com").add("x.y")))).json()
        .getInteger("total")).isEqualTo(1);
    assertThat(search(group(filter("domain", "NOT_IN", new JsonArray().add("acme.io")))).json()
        .getInteger("total")).isEqualTo(2);
    assertThat(search(group(filter("domain", "HAS_PROPERTY", null))).json().getInteger("total")).isEqualTo(3);
    assertThat(names(search(group(filter("domain", "NOT_HAS_PROPERTY", null))).json())).containsExactly("Nameless");
    assertThat(search(group(filter("numberofemployees", "GTE", "50"), filter("numberofemployees", "LTE", "300")))
        .json().getInteger("total")).isEqualTo(2);
    assertThat(search(group(filter("segment_group_id", "EQ", "g-3"))).json().getInteger("total")).isEqualTo(1);
    assertThat(search(group(filter("domain", "EQ", "acme.io"), filter("segment_group_id", "NOT_HAS_PROPERTY", null)))
        .json().getInteger("total")).isZero();
  }

  @Test
  void sortsLimitPagingAndProperties() {
    JsonObject extra = new JsonObject().put("limit", 2)
        .put("sorts", new JsonArray().add(new JsonObject().put("propertyName", "numberofemployees")
            .put("direction", "DESCENDING")))
        .put("properties", new JsonArray().add("name").add("numberofemployees"));
    Resp page1 = searchWith(extra, group(filter("domain", "HAS_PROPERTY", null)));
    assertThat(page1.json().getInteger("total")).isEqualTo(3);
    assertThat(names(page1.json())).containsExactly("Acme Two", "Globex");
    assertThat(page1.results().getJsonObject(0).getJsonObject("properties").fieldNames())
        .contains("name", "numberofemployees", "hs_object_id");
    String after = page1.json().getJsonObject("paging").getJsonObject("next").getString("after");
    Resp page2 = searchWith(extra.copy().put("after", after), group(filter("domain", "HAS_PROPERTY", null)));
    assertThat(names(page2.json())).containsExactly("Acme");
    Resp byCreate = post("/crm/v3/objects/companies/search", new JsonObject()
        .put("sorts", new JsonArray().add(new JsonObject().put("propertyName", "createdate").put("direction", "DESCENDING"))));
    assertThat(byCreate.json().getInteger("total")).isEqualTo(4);
    assertThat(names(byCreate.json()).get(0)).isEqualTo("Nameless");
  }

  @Test
  void emptyResultShape() {
    Resp r = search(group(filter("domain", "EQ", "none.io")));
    assertThat(r.json()).isEqualTo(new JsonObject().put("total", 0).put("results", new JsonArray()));
  }

  @Test
  void filterLimitsAreValidationErrors() {
    JsonObject one = group(filter("name", "HAS_PROPERTY", null));
    assertThat(search(one, one, one, one, one).status()).isEqualTo(200);
    assertThat(search(one, one, one, one, one, one).status()).isEqualTo(400);
    JsonObject f = filter("name", "HAS_PROPERTY", null);
    assertThat(search(group(f, f, f, f, f, f)).status()).isEqualTo(200);
    assertThat(search(group(f, f, f, f, f, f, f)).json().getString("category")).isEqualTo("VALIDATION_ERROR");
    JsonObject four = group(f, f, f, f);
    assertThat(search(four, four, four, four, group(f, f)).status()).as("18 filters").isEqualTo(200);
    assertThat(search(four, four, four, four, group(f, f, f)).status()).as("19 filters").isEqualTo(400);
    assertThat(post("/crm/v3/objects/companies/search", new JsonObject().put("limit", 201)).status()).isEqualTo(400);
  }

  @Test
  void searchIsLimitedTo5PerSecondPerPortalWithoutIntervalHeaders() {
    fake.configure(c -> c.withSearchPerSecond(5).withRateLimitPer10s(100).withDailyLimit(1000));
    List<Resp> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(post("/crm/v3/objects/companies/search", new JsonObject()));
    }
    assertThat(answers.subList(0, 5)).allMatch(r -> r.status() == 200);
    Resp limited = answers.get(5);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().getString("message")).isEqualTo("You have reached your secondly limit.");
    assertThat(limited.json().getString("policyName")).isEqualTo("SECONDLY");
    assertThat(limited.json().getString("errorType")).isEqualTo("RATE_LIMIT");
    assertThat(answers.get(0).header("X-HubSpot-RateLimit-Max")).isNull();
    assertThat(answers.get(0).header("X-HubSpot-RateLimit-Daily")).isEqualTo("1000");
    assertThat(fake.tooManyRequestsSent()).isEqualTo(1);
    assertThat(get("/crm/v3/objects/companies?limit=1").status()).as("other endpoints unaffected").isEqualTo(200);
  }
}
