package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Associations v4 (hubspot-api.md section 5): shapes, idempotence, 207 for unknown ids. */
class AssociationsTest extends FakeTestBase {
  private String contact;
  private String company;

  @BeforeEach
  void seed() {
    contact = upsertContact("a@x.com");
    company = post("/crm/v3/objects/companies/batch/upsert", inputs(new JsonObject()
        .put("idProperty", "segment_group_id").put("id", "g-42").put("properties", props("name", "Acme"))))
        .results().getJsonObject(0).getString("id");
  }

  private static JsonObject pair(String from, String to) {
    return new JsonObject().put("from", new JsonObject().put("id", from)).put("to", new JsonObject().put("id", to));
  }

  @Test
  void associateDefaultAnswersTheDocumentedShapeAndIsIdempotent() {
    for (int i = 0; i < 2; i++) {
      Resp r = post("/crm/v4/associations/contacts/companies/batch/associate/default", inputs(pair(contact, company)));
      assertThat(r.status()).isEqualTo(200);
      JsonObject result = r.results().getJsonObject(0);
      assertThat(result).isEqualTo(pair(contact, company).put("associationSpec", new JsonObject()
          .put("associationCategory", "HUBSPOT_DEFINED").put("associationTypeId", 279)));
      assertThat(r.json().getString("status")).isEqualTo("COMPLETE");
    }
    assertThat(fake.portal().associations()).hasSize(2); // one edge, stored both ways
    assertThat(fake.portal().associatedIds("contacts", contact, "companies")).containsExactly(company);
    assertThat(fake.portal().associatedIds("companies", company, "contacts")).containsExactly(contact);
    assertThat(fake.portal().associations().stream().filter(a -> a.fromType().equals("companies"))
        .findFirst().orElseThrow().typeIds()).containsExactly(280);
  }

  @Test
  void unknownIdsAre207ErrorItems() {
    Resp r = post("/crm/v4/associations/contact/company/batch/associate/default",
        inputs(pair(contact, company), pair("999", company), pair(contact, "888")));
    assertThat(r.status()).isEqualTo(207);
    assertThat(r.results()).hasSize(1);
    JsonArray errors = r.json().getJsonArray("errors");
    assertThat(r.json().getInteger("numErrors")).isEqualTo(2);
    assertThat(errors.getJsonObject(0).getString("subCategory")).isEqualTo("crm.associations.FROM_OBJECT_NOT_FOUND");
    assertThat(errors.getJsonObject(0).getJsonObject("context").getJsonArray("id")).containsExactly("999");
    assertThat(errors.getJsonObject(1).getString("subCategory")).isEqualTo("crm.associations.TO_OBJECT_NOT_FOUND");
  }

  @Test
  void batchCreateWithTypesThenBatchRead() {
    Resp created = post("/crm/v4/associations/0-1/0-2/batch/create", inputs(pair(contact, company)
        .put("types", new JsonArray().add(new JsonObject().put("associationCategory", "HUBSPOT_DEFINED")
            .put("associationTypeId", 279)))));
    assertThat(created.status()).isEqualTo(201);
    JsonObject result = created.results().getJsonObject(0);
    assertThat(result.getString("fromObjectTypeId")).isEqualTo("0-1");
    assertThat(result.getLong("toObjectId")).isEqualTo(Long.parseLong(company));
    Resp bad = post("/crm/v4/associations/0-1/0-2/batch/create", inputs(pair(contact, company)
        .put("types", new JsonArray().add(new JsonObject().put("associationCategory", "HUBSPOT_DEFINED")
            .put("associationTypeId", 3)))));
    assertThat(bad.status()).isEqualTo(400);

    Resp read = post("/crm/v4/associations/contacts/companies/batch/read", inputs(new JsonObject().put("id", contact),
        new JsonObject().put("id", "12345")));
    assertThat(read.status()).isEqualTo(207);
    JsonObject to = read.results().getJsonObject(0).getJsonArray("to").getJsonObject(0);
    assertThat(to.getLong("toObjectId")).isEqualTo(Long.parseLong(company));
    assertThat(to.getJsonArray("associationTypes").getJsonObject(0).getInteger("typeId")).isEqualTo(279);
  }

  @Test
  void singleDefaultPutAndPerObjectRead() {
    Resp r = put("/crm/v4/objects/contacts/" + contact + "/associations/default/companies/" + company, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.results().getJsonObject(0).getJsonObject("associationSpec").getInteger("associationTypeId"))
        .isEqualTo(279);
    Resp list = get("/crm/v4/objects/companies/" + company + "/associations/contacts");
    assertThat(list.results().getJsonObject(0).getLong("toObjectId")).isEqualTo(Long.parseLong(contact));
    assertThat(put("/crm/v4/objects/contacts/404/associations/default/companies/" + company, null).status())
        .isEqualTo(400);
  }

  @Test
  void mergeMovesAssociationsToThePrimary() {
    String other = upsertContact("b@x.com");
    post("/crm/v4/associations/contacts/companies/batch/associate/default", inputs(pair(other, company)));
    fake.portal().mergeContacts(contact, other);
    assertThat(fake.portal().associatedIds("companies", company, "contacts")).containsExactly(contact);
  }
}
