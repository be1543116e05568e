package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lists v3 (hubspot-api.md section 8). */
class ListsTest extends FakeTestBase {

  private static Resp create(String name, String processingType) {
    return post("/crm/v3/lists", new JsonObject().put("name", name).put("objectTypeId", "0-1")
        .put("processingType", processingType));
  }

  private static String createId(String name) {
    return create(name, "MANUAL").json().getJsonObject("list").getString("listId");
  }

  private static Resp delete(String path) {
    return send("DELETE", path, null, TOKEN);
  }

  private static JsonObject change(List<String> add, List<String> remove) {
    return new JsonObject().put("recordIdsToAdd", new JsonArray(add)).put("recordIdsToRemove", new JsonArray(remove));
  }

  @Test
  void createLookUpByNameCaseInsensitivelyAndRejectDuplicates() {
    Resp created = create("vip_users", "MANUAL");
    assertThat(created.status()).isEqualTo(200);
    JsonObject list = created.json().getJsonObject("list");
    assertThat(list.getString("listId")).isEqualTo("1");
    assertThat(list.getString("processingType")).isEqualTo("MANUAL");
    assertThat(list.getString("objectTypeId")).isEqualTo("0-1");
    assertThat(list.getInteger("size")).isZero();
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
    assertThat(get("/crm/v3/lists/1").json().getJsonObject("list").getString("name")).isEqualTo("vip_users");
    assertThat(get("/crm/v3/lists/99").status()).isEqualTo(404);
    assertThat(get("/crm/v3/lists?listIds=1&listIds=99").json().getJsonArray("lists")).hasSize(1);
  }

  @Test
  void addAndRemoveMembers() {
    String a = upsertContact("a@x.com");
    String b = upsertContact("b@x.com");
    String listId = createId("aud");
    Resp r = put("/crm/v3/lists/" + listId + "/memberships/add-and-remove", change(List.of(a, b, "999"), List.of()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).isEqualTo(new JsonObject().put("recordsIdsAdded", new JsonArray().add(a).add(b))
        .put("recordIdsRemoved", new JsonArray()).put("recordIdsMissing", new JsonArray().add("999")));
    Resp again = put("/crm/v3/lists/" + listId + "/memberships/add-and-remove", change(List.of(a), List.of(b)));
    assertThat(again.json().getJsonArray("recordsIdsAdded")).isEmpty();
    assertThat(again.json().getJsonArray("recordIdsRemoved")).containsExactly(b);
    Resp members = get("/crm/v3/lists/" + listId + "/memberships");
    assertThat(members.results()).hasSize(1);
    assertThat(members.results().getJsonObject(0).getString("recordId")).isEqualTo(a);
    assertThat(members.json().getInteger("total")).isEqualTo(1);
    assertThat(fake.portal().list("aud").orElseThrow().memberIds()).containsExactly(a);
    assertThat(get("/crm/v3/lists/" + listId).json().getJsonObject("list").getInteger("size")).isEqualTo(1);
    assertThat(put("/crm/v3/lists/" + listId + "/memberships/add", new JsonArray().add(b)).json()
        .getJsonArray("recordsIdsAdded")).containsExactly(b);
    assertThat(put("/crm/v3/lists/" + listId + "/memberships/remove", new JsonArray().add(a).add("12345")).json())
        .isEqualTo(new JsonObject().put("recordsIdsAdded", new JsonArray()).put("recordIdsRemoved", new JsonArray().add(a))
            .put("recordIdsMissing", new JsonArray().add("12345")));
    assertThat(delete("/crm/v3/lists/" + listId + "/memberships").status()).isEqualTo(204);
    assertThat(fake.portal().list("aud").orElseThrow().memberIds()).isEmpty();
  }

  @Test
  void aMembershipCallCarriesAtMost500RecordIds() {
    String listId = createId("big");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      ids.add(Integer.toString(900_000 + i));
    }
    Resp tooMany = put("/crm/v3/lists/" + listId + "/memberships/add-and-remove",
        change(ids.subList(0, 300), ids.subList(300, 501)));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().getString("category")).isEqualTo("VALIDATION_ERROR");
    assertThat(tooMany.json().getString("message")).contains("at most 500");
    assertThat(put("/crm/v3/lists/" + listId + "/memberships/add", new JsonArray(ids)).status()).isEqualTo(400);
    Resp ok = put("/crm/v3/lists/" + listId + "/memberships/add", new JsonArray(ids.subList(0, 500)));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().getJsonArray("recordIdsMissing")).hasSize(500);
  }

  @Test
  void membershipsPageByRecordIdWithTotal() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add(fake.portal().createContact(java.util.Map.of("email", "m" + i + "@x.com")).id());
    }
    String listId = createId("paged");
    put("/crm/v3/lists/" + listId + "/memberships/add", new JsonArray(new ArrayList<>(ids.subList(150, 300))));
    put("/crm/v3/lists/" + listId + "/memberships/add", new JsonArray(new ArrayList<>(ids.subList(0, 150))));
    Resp first = get("/crm/v3/lists/" + listId + "/memberships");
    assertThat(first.results()).hasSize(100);
    assertThat(first.json().getInteger("total")).isEqualTo(300);
    assertThat(first.results().getJsonObject(0).getString("recordId")).isEqualTo(ids.get(0));
    assertThat(first.results().getJsonObject(0).getString("membershipTimestamp")).endsWith("Z");
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      Resp page = get("/crm/v3/lists/" + listId + "/memberships?limit=1000" + (after == null ? "" : "&after=" + after));
      assertThat(page.results().size()).isLessThanOrEqualTo(250);
      page.results().forEach(m -> seen.add(((JsonObject) m).getString("recordId")));
      JsonObject next = page.json().getJsonObject("paging", new JsonObject()).getJsonObject("next");
      after = next == null ? null : next.getString("after");
      pages++;
    } while (after != null);
    assertThat(pages).isEqualTo(2);
    assertThat(seen).containsExactlyElementsOf(ids);
    Resp joined = get("/crm/v3/lists/" + listId + "/memberships/join-order?limit=250");
    assertThat(joined.results().getJsonObject(0).getString("recordId")).isEqualTo(ids.get(150));
    assertThat(get("/crm/v3/lists/" + listId + "/memberships?after=abc").status()).isEqualTo(400);
  }

  @Test
  void searchPagesThroughListsByNameAndType() {
    for (int i = 0; i < 5; i++) {
      createId("cdp_aud_" + i);
    }
    createId("other");
    fake.portal().createList("cdp_dynamic", "DYNAMIC", List.of());
    Resp first = post("/crm/v3/lists/search", new JsonObject().put("query", "CDP_").put("count", 4).put("offset", 0)
        .put("additionalProperties", new JsonArray()));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getJsonArray("lists")).hasSize(4);
    assertThat(first.json().getBoolean("hasMore")).isTrue();
    assertThat(first.json().getInteger("total")).isEqualTo(6);
    JsonObject item = first.json().getJsonArray("lists").getJsonObject(0);
    assertThat(item.getString("name")).isEqualTo("cdp_aud_0");
    assertThat(item.getJsonObject("additionalProperties").getString("hs_list_size")).isEqualTo("0");
    Resp second = post("/crm/v3/lists/search", new JsonObject().put("query", "cdp_").put("count", 4)
        .put("offset", first.json().getInteger("offset")));
    assertThat(second.json().getJsonArray("lists")).hasSize(2);
    assertThat(second.json().getBoolean("hasMore")).isFalse();
    Resp manual = post("/crm/v3/lists/search", new JsonObject().put("processingTypes", new JsonArray().add("DYNAMIC")));
    assertThat(manual.json().getJsonArray("lists")).hasSize(1);
    assertThat(post("/crm/v3/lists/search", new JsonObject()).json().getInteger("total")).isEqualTo(7);
  }

  @Test
  void renameKeepsTheIdAndRefusesATakenName() {
    String id = createId("before");
    createId("taken");
    Resp renamed = put("/crm/v3/lists/" + id + "/update-list-name?listName=after", null);
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().getJsonObject("updatedList").getString("name")).isEqualTo("after");
    assertThat(renamed.json().getJsonObject("updatedList").getInteger("listVersion")).isEqualTo(2);
    assertThat(get("/crm/v3/lists/object-type-id/0-1/name/before").status()).isEqualTo(404);
    assertThat(get("/crm/v3/lists/object-type-id/0-1/name/after").json().getJsonObject("list").getString("listId"))
        .isEqualTo(id);
    Resp taken = put("/crm/v3/lists/" + id + "/update-list-name?listName=TAKEN", null);
    assertThat(taken.status()).isEqualTo(400);
    assertThat(taken.json().getString("subCategory")).isEqualTo("ILS.DUPLICATE_LIST_NAMES");
    assertThat(put("/crm/v3/lists/" + id + "/update-list-name", null).status()).isEqualTo(400);
  }

  @Test
  void aDeletedListIsGoneUntilRestored() {
    String a = upsertContact("a@x.com");
    String id = createId("gone");
    put("/crm/v3/lists/" + id + "/memberships/add", new JsonArray().add(a));
    assertThat(delete("/crm/v3/lists/" + id).status()).isEqualTo(204);
    assertThat(get("/crm/v3/lists/" + id).status()).isEqualTo(404);
    assertThat(get("/crm/v3/lists/object-type-id/0-1/name/gone").status()).isEqualTo(404);
    assertThat(get("/crm/v3/lists/" + id + "/memberships").status()).isEqualTo(404);
    assertThat(put("/crm/v3/lists/" + id + "/memberships/add", new JsonArray().add(a)).status()).isEqualTo(404);
    assertThat(delete("/crm/v3/lists/" + id).status()).isEqualTo(404);
    assertThat(fake.portal().list("gone")).isEmpty();
    assertThat(put("/crm/v3/lists/" + id + "/restore", null).status()).isEqualTo(204);
    assertThat(fake.portal().list("gone").orElseThrow().memberIds()).containsExactly(a);
    delete("/crm/v3/lists/" + id);
    String again = createId("GONE");
    assertThat(again).isNotEqualTo(id);
    assertThat(put("/crm/v3/lists/" + id + "/restore", null).status()).isEqualTo(400);
  }

  @Test
  void dynamicListsRefuseManualMembershipSnapshotListsTakeIt() {
    String a = upsertContact("a@x.com");
    String b = upsertContact("b@x.com");
    CrmList dynamic = fake.portal().createList("dyn", "DYNAMIC", List.of(a));
    Resp refused = put("/crm/v3/lists/" + dynamic.listId() + "/memberships/add-and-remove", change(List.of(b), List.of()));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getString("message")).contains("DYNAMIC");
    assertThat(get("/crm/v3/lists/object-type-id/0-1/name/dyn").json().getJsonObject("list").getString("processingType"))
        .isEqualTo("DYNAMIC");
    assertThat(get("/crm/v3/lists/" + dynamic.listId() + "/memberships").results()).hasSize(1);
    CrmList snapshot = fake.portal().createList("snap", "SNAPSHOT", List.of());
    assertThat(put("/crm/v3/lists/" + snapshot.listId() + "/memberships/add", new JsonArray().add(b)).status())
        .isEqualTo(200);
    assertThat(put("/crm/v3/lists/77/memberships/add-and-remove", new JsonObject()).status()).isEqualTo(404);
  }

  @Test
  void aDeletedOrMergedContactLeavesItsLists() {
    String a = upsertContact("a@x.com");
    String b = upsertContact("b@x.com");
    String c = upsertContact("c@x.com");
    String id = createId("members");
    put("/crm/v3/lists/" + id + "/memberships/add", new JsonArray().add(a).add(b));
    fake.portal().deleteContact(a);
    fake.portal().mergeContacts(c, b);
    assertThat(fake.portal().list("members").orElseThrow().memberIds()).containsExactly(c);
    assertThat(get("/crm/v3/objects/contacts/" + a).status()).isEqualTo(404);
    assertThat(fake.contactBy("email", "a@x.com")).isEmpty();
  }

  @Test
  void listsNeedTheListsScopesAndCountAgainstTheTenSecondLimit() {
    fake.configure(c -> c.withRateLimitPer10s(100));
    Resp counted = get("/crm/v3/lists/object-type-id/0-1/name/x");
    assertThat(counted.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("99");
    fake.denyScopes(TOKEN, ApiFamily.LISTS);
    Resp denied = create("x", "MANUAL");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().getString("category")).isEqualTo("MISSING_SCOPES");
    assertThat(denied.json().getJsonArray("errors").getJsonObject(0).getJsonObject("context")
        .getJsonArray("requiredGranularScopes")).contains("crm.lists.write");
  }
}
