package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch create/update/read, single GET/PATCH/create, list, merges (hubspot-api.md section 4). */
class CrmObjectsTest extends FakeTestBase {

  @Test
  void batchCreateAnswers201AndAnExistingEmailIs409() {
    Resp created = post("/crm/v3/objects/contacts/batch/create", inputs(new JsonObject()
        .put("properties", props("email", "new@x.com", "firstname", "N"))));
    assertThat(created.status()).isEqualTo(201);
    String id = created.results().getJsonObject(0).getString("id");
    Resp again = post("/crm/v3/objects/contacts/batch/create", inputs(new JsonObject()
        .put("properties", props("email", "NEW@x.com"))));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().fieldNames()).containsExactly("status", "message", "correlationId", "category");
    assertThat(again.json().getString("message")).isEqualTo("Contact already exists. Existing ID: " + id);
  }

  @Test
  void batchCreateWithTraceIdsReportsTheConflictPerInput() {
    upsertContact("a@x.com");
    Resp r = post("/crm/v3/objects/contacts/batch/create", inputs(
        new JsonObject().put("objectWriteTraceId", "t1").put("properties", props("email", "a@x.com")),
        new JsonObject().put("objectWriteTraceId", "t2").put("properties", props("email", "b@x.com"))));
    assertThat(r.status()).isEqualTo(207);
    JsonObject err = r.json().getJsonArray("errors").getJsonObject(0);
    assertThat(err.getString("category")).isEqualTo("CONFLICT");
    assertThat(err.getJsonObject("context").getJsonArray("objectWriteTraceId")).containsExactly("t1");
    assertThat(fake.contactBy("email", "b@x.com")).isPresent();
  }

  @Test
  void batchUpdateByIdReportsUnknownIdsAsObjectNotFound() {
    String id = upsertContact("u@x.com");
    Resp r = post("/crm/v3/objects/contacts/batch/update", inputs(
        new JsonObject().put("id", id).put("properties", props("firstname", "U")),
        new JsonObject().put("id", "999999").put("properties", props("firstname", "X"))));
    assertThat(r.status()).isEqualTo(207);
    assertThat(r.results().getJsonObject(0).getJsonObject("properties").getString("firstname")).isEqualTo("U");
    JsonObject err = r.json().getJsonArray("errors").getJsonObject(0);
    assertThat(err.getString("category")).isEqualTo("OBJECT_NOT_FOUND");
    assertThat(err.getJsonObject("context").getJsonArray("ids")).containsExactly("999999");
  }

  @Test
  void batchUpdateByEmailIsRejectedAsNonUnique() {
    upsertContact("u@x.com");
    Resp r = post("/crm/v3/objects/contacts/batch/update", inputs(new JsonObject().put("id", "u@x.com")
        .put("idProperty", "email").put("properties", props("firstname", "U"))));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("message")).contains("non-unique 0-1 property email");
    Resp byUnique = post("/crm/v3/objects/contacts/batch/update", inputs(new JsonObject().put("id", "s-1")
        .put("idProperty", "segment_user_id").put("properties", props("firstname", "U"))));
    assertThat(byUnique.status()).as("unique custom property is fine; the record is missing").isEqualTo(207);
  }

  @Test
  void batchReadAnswers207ListingMissingIds() {
    String id = upsertContact("r@x.com", "firstname", "R", "lifecyclestage", "lead");
    Resp r = post("/crm/v3/objects/contacts/batch/read", new JsonObject()
        .put("properties", new JsonArray().add("email").add("lifecyclestage").add("hs_additional_emails"))
        .put("inputs", new JsonArray().add(new JsonObject().put("id", id)).add(new JsonObject().put("id", "4242"))));
    assertThat(r.status()).isEqualTo(207);
    JsonObject props = r.results().getJsonObject(0).getJsonObject("properties");
    assertThat(props.getString("lifecyclestage")).isEqualTo("lead");
    assertThat(props.containsKey("hs_additional_emails")).isTrue();
    assertThat(props.getValue("hs_additional_emails")).isNull();
    JsonObject err = r.json().getJsonArray("errors").getJsonObject(0);
    assertThat(err).isEqualTo(new JsonObject().put("status", "error").put("category", "OBJECT_NOT_FOUND")
        .put("message", "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.")
        .put("context", new JsonObject().put("ids", new JsonArray().add("4242"))));
  }

  @Test
  void batchReadByEmailAndByUniqueProperty() {
    upsertContact("r@x.com", "segment_user_id", "u-1");
    Resp byEmail = post("/crm/v3/objects/contacts/batch/read", new JsonObject().put("idProperty", "email")
        .put("inputs", new JsonArray().add(new JsonObject().put("id", "R@X.com"))));
    assertThat(byEmail.status()).isEqualTo(200);
    assertThat(byEmail.results().getJsonObject(0).getJsonObject("properties").getString("email")).isEqualTo("r@x.com");
    Resp byUser = post("/crm/v3/objects/contacts/batch/read", new JsonObject().put("idProperty", "segment_user_id")
        .put("inputs", new JsonArray().add(new JsonObject().put("id", "u-1"))));
    assertThat(byUser.results()).hasSize(1);
  }

  @Test
  void singleGetPatchCreateAndTheir404s() {
    String id = upsertContact("s@x.com");
    Resp got = get("/crm/v3/objects/contacts/" + id);
    assertThat(got.json().getJsonObject("properties").fieldNames())
        .contains("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname");
    assertThat(get("/crm/v3/objects/contacts/s@x.com?idProperty=email&properties=email").status()).isEqualTo(200);
    Resp missing = get("/crm/v3/objects/contacts/77777");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("category")).isEqualTo("OBJECT_NOT_FOUND");
    Resp patched = patch("/crm/v3/objects/contacts/s@x.com?idProperty=email", new JsonObject()
        .put("properties", props("firstname", "S")));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patch("/crm/v3/objects/contacts/nobody@x.com?idProperty=email", new JsonObject()
        .put("properties", props("firstname", "S"))).status()).isEqualTo(404);
    Resp created = post("/crm/v3/objects/companies", new JsonObject().put("properties", props("name", "Acme")));
    assertThat(created.status()).isEqualTo(201);
    assertThat(post("/crm/v3/objects/contacts", new JsonObject().put("properties", props("email", "s@x.com")))
        .status()).isEqualTo(409);
  }

  @Test
  void listWithLimitPagesByAfter() {
    upsertContact("a@x.com");
    upsertContact("b@x.com");
    Resp page1 = get("/crm/v3/objects/contacts?limit=1");
    assertThat(page1.status()).isEqualTo(200);
    assertThat(page1.results()).hasSize(1);
    String after = page1.json().getJsonObject("paging").getJsonObject("next").getString("after");
    Resp page2 = get("/crm/v3/objects/contacts?limit=1&after=" + after);
    assertThat(page2.results().getJsonObject(0).getJsonObject("properties").getString("email")).isEqualTo("b@x.com");
    assertThat(page2.json().containsKey("paging")).isFalse();
  }

  @Test
  void mergedIdFailsInBatchUpdateButFindsThePrimaryOnGetAndPatch() {
    String primary = upsertContact("p@x.com", "firstname", "P");
    String merged = upsertContact("m@x.com", "lastname", "M");
    CrmObject result = fake.portal().mergeContacts(primary, merged);
    assertThat(result.property("hs_merged_object_ids")).isEqualTo(merged);
    assertThat(result.property("lastname")).isEqualTo("M");
    assertThat(result.property("hs_additional_emails")).isEqualTo("m@x.com");

    Resp update = post("/crm/v3/objects/contacts/batch/update", inputs(new JsonObject().put("id", merged)
        .put("properties", props("firstname", "X"))));
    assertThat(update.status()).isEqualTo(207);
    assertThat(update.json().getJsonArray("errors").getJsonObject(0).getString("category"))
        .isEqualTo("OBJECT_NOT_FOUND");
    assertThat(get("/crm/v3/objects/contacts/" + merged).json().getString("id")).isEqualTo(primary);
    assertThat(patch("/crm/v3/objects/contacts/" + merged, new JsonObject().put("properties", props("firstname", "Y")))
        .json().getString("id")).isEqualTo(primary);
    assertThat(fake.portal().contact(primary).orElseThrow().property("firstname")).isEqualTo("Y");
  }
}
