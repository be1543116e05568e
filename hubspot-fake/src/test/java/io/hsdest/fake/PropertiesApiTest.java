package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties API (hubspot-api.md section 7) and the seeded schemas P0 / C0 (cloud-mode.md section (c)). */
class PropertiesApiTest extends FakeTestBase {

  private static Map<String, JsonObject> byName(JsonArray results) {
    Map<String, JsonObject> m = new HashMap<>();
    results.forEach(o -> m.put(((JsonObject) o).getString("name"), (JsonObject) o));
    return m;
  }

  @Test
  void contactSchemaIsP0PlusHubSpotsBuiltIns() {
    Map<String, JsonObject> p = byName(get("/crm/v3/properties/contacts").results());
    assertThat(p).containsKeys("email", "firstname", "lastname", "phone", "company", "website", "jobtitle", "address",
        "city", "state", "zip", "country", "favorite_color", "accounttype", "tags", "segment_user_id",
        "lifecyclestage", "plan_tier", "interests", "signup_date", "last_login", "seats", "pricing_page_visits",
        "is_vip", "vip_users", "legacy_flag", "hs_object_id", "createdate", "lastmodifieddate",
        "hs_marketable_status", "hs_merged_object_ids", "hs_all_contact_vids", "hs_additional_emails",
        "hs_lastmodifieddate");
    JsonObject plan = p.get("plan_tier");
    assertThat(plan.getString("type")).isEqualTo("enumeration");
    assertThat(plan.getString("fieldType")).isEqualTo("select");
    assertThat(plan.getJsonArray("options").getJsonObject(1).fieldNames())
        .contains("label", "value", "displayOrder", "hidden");
    assertThat(plan.getJsonArray("options").getJsonObject(1).getString("value")).isEqualTo("pro");
    assertThat(p.get("segment_user_id").getBoolean("hasUniqueValue")).isTrue();
    assertThat(p.get("hs_object_id").getJsonObject("modificationMetadata").getBoolean("readOnlyValue")).isTrue();
    assertThat(p.get("email").fieldNames()).contains("name", "label", "type", "fieldType", "groupName",
        "description", "options", "hasUniqueValue", "hidden", "formField", "calculated", "modificationMetadata");
    assertThat(p.get("signup_date").getString("type")).isEqualTo("date");
    assertThat(p.get("is_vip").getString("fieldType")).isEqualTo("booleancheckbox");
  }

  @Test
  void companySchemaIsC0() {
    Map<String, JsonObject> p = byName(get("/crm/v3/properties/companies").results());
    assertThat(p).containsKeys("name", "domain", "industry", "numberofemployees", "lifecyclestage",
        "segment_group_id", "hs_object_id", "createdate", "hs_lastmodifieddate");
    assertThat(p.get("segment_group_id").getBoolean("hasUniqueValue")).isTrue();
    assertThat(p.get("segment_group_id").getBoolean("hidden")).isTrue();
    assertThat(p.get("industry").getJsonArray("options").stream()
        .anyMatch(o -> ((JsonObject) o).getString("value").equals("COMPUTER_SOFTWARE")
            && ((JsonObject) o).getString("label").equals("Computer Software"))).isTrue();
    assertThat(get("/crm/v3/properties/0-2").results().size()).isEqualTo(p.size());
  }

  @Test
  void readOneOr404() {
    assertThat(get("/crm/v3/properties/contacts/email").json().getString("label")).isEqualTo("Email");
    Resp r = get("/crm/v3/properties/contacts/nope");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().getString("category")).isEqualTo("OBJECT_NOT_FOUND");
  }

  @Test
  void createThenConflictThenUsableAsUpsertKey() {
    JsonObject def = new JsonObject().put("name", "external_id").put("label", "External ID").put("type", "string")
        .put("fieldType", "text").put("groupName", "contactinformation").put("hasUniqueValue", true);
    Resp created = post("/crm/v3/properties/contacts", def);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getBoolean("hasUniqueValue")).isTrue();
    Resp again = post("/crm/v3/properties/contacts", def);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("category")).isEqualTo("CONFLICT");
    Resp upsert = post("/crm/v3/objects/contacts/batch/upsert", inputs(new JsonObject()
        .put("idProperty", "external_id").put("id", "x-1").put("properties", props("firstname", "A"))));
    assertThat(upsert.status()).isEqualTo(200);
    assertThat(fake.contactBy("external_id", "x-1")).isPresent();
  }

  @Test
  void badTypeFieldTypePairIs400() {
    Resp r = post("/crm/v3/properties/companies", new JsonObject().put("name", "n").put("label", "N")
        .put("type", "number").put("fieldType", "text").put("groupName", "companyinformation"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("category")).isEqualTo("VALIDATION_ERROR");
    assertThat(post("/crm/v3/properties/companies", new JsonObject().put("name", "n").put("label", "N")
        .put("type", "colour").put("fieldType", "text").put("groupName", "g")).status()).isEqualTo(400);
    assertThat(post("/crm/v3/properties/companies", new JsonObject().put("name", "n")).status()).isEqualTo(400);
  }
}
