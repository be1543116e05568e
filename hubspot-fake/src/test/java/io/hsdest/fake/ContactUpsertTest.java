package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch upsert (hubspot-api.md section 4; vectors V01, V13 of cloud-mode.md). */
class ContactUpsertTest extends FakeTestBase {

  @Test
  void upsertCreatesThenUpdatesByEmailCaseInsensitively() {
    Resp first = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("Jane.Doe@Example.com",
        props("firstname", "Jane")).put("objectWriteTraceId", "m-001")));
    assertThat(first.status()).isEqualTo(200);
    JsonObject body = first.json();
    assertThat(body.getString("status")).isEqualTo("COMPLETE");
    assertThat(body.getString("startedAt")).isNotBlank();
    assertThat(body.getString("completedAt")).isNotBlank();
    JsonObject result = body.getJsonArray("results").getJsonObject(0);
    assertThat(result.getString("id")).isEqualTo("501");
    assertThat(result.getBoolean("new")).isTrue();
    assertThat(result.getBoolean("archived")).isFalse();
    assertThat(result.getString("objectWriteTraceId")).isEqualTo("m-001");
    assertThat(result.getString("createdAt")).isNotBlank();
    assertThat(result.getJsonObject("properties").getString("email")).isEqualTo("jane.doe@example.com");
    assertThat(result.getJsonObject("properties").getString("hs_object_id")).isEqualTo("501");

    Resp second = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("JANE.DOE@example.com",
        props("lastname", "Doe"))));
    JsonObject r2 = second.results().getJsonObject(0);
    assertThat(r2.getString("id")).isEqualTo("501");
    assertThat(r2.getBoolean("new")).isFalse();
    CrmObject stored = fake.portal().contact("501").orElseThrow();
    assertThat(stored.properties()).containsEntry("email", "jane.doe@example.com")
        .containsEntry("firstname", "Jane").containsEntry("lastname", "Doe");
    assertThat(fake.contactBy("email", "JANE.doe@EXAMPLE.com")).isPresent();
  }

  @Test
  void valuesAreStoredAsStringsEvenWhenSentAsJsonNumbersAndBooleans() {
    upsertContact("n@x.com", "seats", 12.5, "is_vip", true, "pricing_page_visits", 3);
    CrmObject c = fake.contactBy("email", "n@x.com").orElseThrow();
    assertThat(c.property("seats")).isEqualTo("12.5");
    assertThat(c.property("is_vip")).isEqualTo("true");
    assertThat(c.property("pricing_page_visits")).isEqualTo("3");
  }

  @Test
  void emptyStringClearsAValue() {
    upsertContact("c@x.com", "phone", "1");
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("c@x.com", props("phone", ""))));
    assertThat(r.results().getJsonObject(0).getJsonObject("properties").getString("phone")).isEqualTo("");
    assertThat(fake.contactBy("email", "c@x.com").orElseThrow().property("phone")).isNull();
  }

  @Test
  void nonUniqueIdPropertyIs400() {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(new JsonObject().put("idProperty", "firstname")
        .put("id", "Jane").put("properties", new JsonObject())));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("category")).isEqualTo("VALIDATION_ERROR");
    assertThat(r.json().getString("message")).startsWith("Unable to perform update/upsert by non-unique 0-1 property");
    Resp noIdProperty = post("/crm/v3/objects/companies/batch/upsert", inputs(new JsonObject().put("id", "1")
        .put("properties", new JsonObject())));
    assertThat(noIdProperty.json().getString("message"))
        .startsWith("Unable to perform update/upsert by non-unique 0-2 property hs_object_id");
  }

  @Test
  void duplicateIdsInOneBatchAre400ComparingEmailCaseInsensitively() {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("dup@x.com", new JsonObject()),
        upsertInput("DUP@x.com", new JsonObject())));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("message")).isEqualTo("Duplicate IDs found in batch input: [DUP@x.com]");
    assertThat(fake.portal().contacts()).isEmpty();
  }

  @Test
  void moreThan100InputsIs400() {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 101; i++) {
      many.add(upsertInput("u" + i + "@x.com", new JsonObject()));
    }
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", new JsonObject().put("inputs", many));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("category")).isEqualTo("VALIDATION_ERROR");
    many.remove(100);
    assertThat(post("/crm/v3/objects/contacts/batch/upsert", new JsonObject().put("inputs", many)).results())
        .hasSize(100);
  }

  @Test
  void upsertByUniqueCustomPropertySurvivesAnEmailChange() {
    JsonObject in = new JsonObject().put("idProperty", "segment_user_id").put("id", "u-7")
        .put("properties", props("email", "Old@X.com"));
    String id = post("/crm/v3/objects/contacts/batch/upsert", inputs(in)).results().getJsonObject(0).getString("id");
    in.put("properties", props("email", "new@x.com"));
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(in));
    assertThat(r.results().getJsonObject(0).getString("id")).isEqualTo(id);
    assertThat(fake.contactBy("email", "new@x.com").orElseThrow().property("segment_user_id")).isEqualTo("u-7");
    assertThat(fake.contactBy("email", "old@x.com")).isEmpty();
  }

  @Test
  void writingAnotherContactsEmailIs409Conflict() {
    String owner = upsertContact("taken@x.com");
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(new JsonObject().put("idProperty", "segment_user_id")
        .put("id", "u-9").put("properties", props("email", "TAKEN@x.com"))));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().getString("message")).isEqualTo("Contact already exists. Existing ID: " + owner);
    assertThat(r.json().getString("category")).isEqualTo("CONFLICT");
    assertThat(fake.contactBy("segment_user_id", "u-9")).isEmpty();
  }

  @Test
  void companiesUpsertBySegmentGroupIdAndTypeIdPath() {
    Resp r = post("/crm/v3/objects/0-2/batch/upsert", inputs(new JsonObject().put("idProperty", "segment_group_id")
        .put("id", "g-42").put("objectWriteTraceId", "m-200").put("properties", props("name", "Acme Inc",
            "domain", "acme.io", "industry", "COMPUTER_SOFTWARE", "numberofemployees", "250"))));
    assertThat(r.status()).isEqualTo(200);
    JsonObject result = r.results().getJsonObject(0);
    assertThat(result.getString("id")).isEqualTo("9001");
    assertThat(result.getJsonObject("properties").getString("segment_group_id")).isEqualTo("g-42");
    assertThat(result.getJsonObject("properties").getString("hs_lastmodifieddate")).isNotBlank();
    assertThat(fake.portal().companyBy("segment_group_id", "g-42").orElseThrow().property("industry"))
        .isEqualTo("COMPUTER_SOFTWARE");
  }
}
