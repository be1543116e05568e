package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lists v3 (hubspot-api.md section 8). */
class ListsTest extends FakeTestBase {

  private static Resp create(String name, String processingType) {
    return post("/crm/v3/lists", new JsonObject().put("name", name).put("objectTypeId", "0-1")
        .put("processingType", processingType));
  }

  @Test
  void createLookUpByNameCaseInsensitivelyAndRejectDuplicates() {
    Resp created = create("vip_users", "MANUAL");
    assertThat(created.status()).isEqualTo(200);
    JsonObject list = created.json().getJsonObject("list");
    assertThat(list.getString("listId")).isEqualTo("1");
    assertThat(list.getString("processingType")).isEqualTo("MANUAL");
    assertThat(list.getString("objectTypeId")).isEqualTo("0-1");
    Resp found = get("/crm/v3/lists/object-type-id/0-1/name/VIP_Users");
    assertThat(found.json().getJsonObject("list").getString("listId")).isEqualTo("1");
    Resp dup = create("VIP_USERS", "MANUAL");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.json().getString("subCategory")).isEqualTo("ILS.DUPLICATE_LIST_NAMES");
    assertThat(dup.json().getString("category")).isEqualTo("VALIDATION_ERROR");
    Resp missing = get("/crm/v3/lists/object-type-id/0-1/name/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().getString("message"))
        .isEqualTo("List does not exist with name nope and object type ID 0-1.");
    assertThat(create("x", "SOMETIMES").status()).isEqualTo(400);
  }

  @Test
  void addAndRemoveMembers() {
    String a = upsertContact("a@x.com");
    String b = upsertContact("b@x.com");
    String listId = create("aud", "MANUAL").json().getJsonObject("list").getString("listId");
    Resp r = put("/crm/v3/lists/" + listId + "/memberships/add-and-remove", new JsonObject()
        .put("recordIdsToAdd", new JsonArray().add(a).add(b).add("999")).put("recordIdsToRemove", new JsonArray()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject().put("recordsIdsAdded", new JsonArray().add(a).add(b))
        .put("recordIdsRemoved", new JsonArray()).put("recordIdsMissing", new JsonArray().add("999")));
    Resp again = put("/crm/v3/lists/" + listId + "/memberships/add-and-remove", new JsonObject()
        .put("recordIdsToAdd", new JsonArray().add(a)).put("recordIdsToRemove", new JsonArray().add(b)));
    assertThat(again.json().getJsonArray("recordsIdsAdded")).isEmpty();
    assertThat(again.json().getJsonArray("recordIdsRemoved")).containsExactly(b);
    Resp members = get("/crm/v3/lists/" + listId + "/memberships");
    assertThat(members.results()).hasSize(1);
    assertThat(members.results().getJsonObject(0).getString("recordId")).isEqualTo(a);
    assertThat(fake.portal().list("aud").orElseThrow().memberIds()).containsExactly(a);
    assertThat(get("/crm/v3/lists/" + listId).json().getJsonObject("list").getInteger("size")).isEqualTo(1);
    assertThat(put("/crm/v3/lists/" + listId + "/memberships/add", new JsonArray().add(b)).json()
        .getJsonArray("recordsIdsAdded")).containsExactly(b);
  }

  @Test
  void dynamicListsRefuseManualMembershipAndUnknownListsAre404() {
    String listId = create("dyn", "DYNAMIC").json().getJsonObject("list").getString("listId");
    assertThat(put("/crm/v3/lists/" + listId + "/memberships/add-and-remove", new JsonObject()).status())
        .isEqualTo(400);
    assertThat(put("/crm/v3/lists/77/memberships/add-and-remove", new JsonObject()).status()).isEqualTo(404);
  }
}
