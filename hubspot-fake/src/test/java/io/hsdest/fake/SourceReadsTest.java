package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a sync that reads HubSpot out meets: deals and their associations, archived listings, merges, search by
 * modification date with its limits, seeding in bulk, email campaigns.
 */
class SourceReadsTest extends FakeTestBase {

  @Test
  void dealsAreCrmObjectsWithTheirOwnSchemaAndAssociations() {
    Resp created = post("/crm/v3/objects/deals/batch/create", inputs(new JsonObject().put("properties",
        props("dealname", "Big one", "amount", "1200.50", "pipeline", "default", "dealstage", "contractsent",
            "closedate", "2026-03-01T10:00:00Z"))));
    assertThat(created.status()).isEqualTo(201);
    String dealId = created.results().getJsonObject(0).getString("id");
    assertThat(dealId).isEqualTo("70001");
    assertThat(post("/crm/v3/objects/deals/batch/create", inputs(new JsonObject().put("properties",
        props("dealstage", "nonsense")))).status()).isEqualTo(400);
    JsonArray props = get("/crm/v3/properties/deals").results();
    List<String> names = new ArrayList<>();
    props.forEach(p -> names.add(((JsonObject) p).getString("name")));
    assertThat(names).contains("dealname", "amount", "pipeline", "dealstage", "closedate", "hs_lastmodifieddate",
        "num_associated_contacts");

    String contact = upsertContact("d@x.com");
    String before = fake.portal().deal(dealId).orElseThrow().property("hs_lastmodifieddate");
    Resp assoc = post("/crm/v4/associations/deals/contacts/batch/associate/default", new JsonObject()
        .put("inputs", new JsonArray().add(new JsonObject().put("from", new JsonObject().put("id", dealId))
            .put("to", new JsonObject().put("id", contact)))));
    assertThat(assoc.status()).isEqualTo(200);
    assertThat(assoc.results().getJsonObject(0).getJsonObject("associationSpec").getInteger("associationTypeId"))
        .isEqualTo(3);
    CrmObject deal = fake.portal().deal(dealId).orElseThrow();
    assertThat(deal.property("num_associated_contacts")).isEqualTo("1");
    assertThat(deal.property("hs_lastmodifieddate")).isGreaterThanOrEqualTo(before);
    Resp read = post("/crm/v4/associations/deals/contacts/batch/read",
        new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("id", dealId))));
    assertThat(read.results().getJsonObject(0).getJsonArray("to").getJsonObject(0).getLong("toObjectId"))
        .isEqualTo(Long.parseLong(contact));
    assertThat(fake.portal().associatedIds("contacts", contact, "deals")).containsExactly(dealId);

    assertThat(send("DELETE", "/crm/v4/objects/deals/" + dealId + "/associations/contacts/" + contact, null, TOKEN)
        .status()).isEqualTo(204);
    assertThat(fake.portal().deal(dealId).orElseThrow().property("num_associated_contacts")).isEqualTo("0");
  }

  @Test
  void archivedRecordsLeaveReadsAndSearchAndAreListedOnlyWithArchivedTrue() {
    String a = upsertContact("a@x.com", "firstname", "A");
    String b = upsertContact("b@x.com", "firstname", "B");
    fake.configure(c -> c.withSearchPerSecond(0));
    assertThat(send("DELETE", "/crm/v3/objects/contacts/" + a, null, TOKEN).status()).isEqualTo(204);
    assertThat(send("DELETE", "/crm/v3/objects/contacts/" + a, null, TOKEN).status()).isEqualTo(404);

    JsonArray live = get("/crm/v3/objects/contacts?limit=100").results();
    assertThat(live).hasSize(1);
    assertThat(live.getJsonObject(0).getString("id")).isEqualTo(b);
    JsonArray archived = get("/crm/v3/objects/contacts?limit=100&archived=true").results();
    assertThat(archived).hasSize(1);
    assertThat(archived.getJsonObject(0).getString("id")).isEqualTo(a);
    assertThat(archived.getJsonObject(0).getBoolean("archived")).isTrue();
    assertThat(archived.getJsonObject(0).getString("archivedAt")).isNotBlank();
    assertThat(post("/crm/v3/objects/contacts/search", new JsonObject()).json().getInteger("total")).isEqualTo(1);
    assertThat(get("/crm/v3/objects/contacts/" + a).status()).isEqualTo(404);
    // the email is free again, as in HubSpot
    assertThat(upsertContact("a@x.com")).isNotEqualTo(a);

    assertThat(post("/crm/v3/objects/contacts/batch/archive",
        new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("id", b)))).status()).isEqualTo(204);
    assertThat(fake.portal().archivedIds("contacts")).containsExactly(a, b);
  }

  @Test
  void mergeEndpointsKeepTheWinnerWithTheLoserInHsMergedObjectIds() {
    String winner = upsertContact("w@x.com");
    String loser = upsertContact("l@x.com", "firstname", "Lo");
    Resp merged = post("/crm/v3/objects/contacts/merge",
        new JsonObject().put("primaryObjectId", winner).put("objectIdToMerge", loser));
    assertThat(merged.status()).isEqualTo(200);
    assertThat(merged.json().getString("id")).isEqualTo(winner);
    assertThat(fake.portal().contact(winner).orElseThrow().property("hs_merged_object_ids")).isEqualTo(loser);
    assertThat(get("/crm/v3/objects/contacts?limit=100").results()).hasSize(1);
    assertThat(get("/crm/v3/objects/contacts?limit=100&archived=true").results()).isEmpty();

    String c1 = fake.portal().createCompany(Map.of("name", "One")).id();
    String c2 = fake.portal().createCompany(Map.of("name", "Two")).id();
    assertThat(post("/crm/v3/objects/companies/merge",
        new JsonObject().put("primaryObjectId", c1).put("objectIdToMerge", c2)).status()).isEqualTo(200);
    assertThat(fake.portal().company(c1).orElseThrow().property("hs_merged_object_ids")).isEqualTo(c2);
    assertThat(fake.portal().companies()).hasSize(1);
    assertThat(post("/crm/v3/objects/companies/merge",
        new JsonObject().put("primaryObjectId", c1).put("objectIdToMerge", "424242")).status()).isEqualTo(404);
  }

  @Test
  void searchByModificationDateTakesOneSortAShortBodyAndReachesTenThousandResults() {
    fake.configure(c -> c.withSearchPerSecond(0));
    List<Map<String, String>> many = new ArrayList<>();
    for (int i = 0; i < 10_050; i++) {
      many.add(Map.of("email", "p" + i + "@x.com"));
    }
    List<String> ids = fake.portal().createRecords("contacts", many);
    assertThat(ids).hasSize(10_050);
    JsonObject since = new JsonObject().put("filterGroups", new JsonArray().add(new JsonObject().put("filters",
        new JsonArray().add(new JsonObject().put("propertyName", "lastmodifieddate").put("operator", "GTE")
            .put("value", "0")))));
    Resp first = post("/crm/v3/objects/contacts/search", since.copy().put("limit", 200)
        .put("sorts", new JsonArray().add(new JsonObject().put("propertyName", "hs_object_id"))));
    assertThat(first.json().getInteger("total")).isEqualTo(10_050);
    assertThat(first.results()).hasSize(200);
    assertThat(post("/crm/v3/objects/contacts/search", since.copy().put("limit", 200).put("after", "9800"))
        .status()).isEqualTo(200);
    Resp past = post("/crm/v3/objects/contacts/search", since.copy().put("limit", 200).put("after", "10000"));
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.json().getString("category")).isEqualTo("VALIDATION_ERROR");

    Resp twoSorts = post("/crm/v3/objects/contacts/search", since.copy().put("sorts", new JsonArray()
        .add(new JsonObject().put("propertyName", "lastmodifieddate"))
        .add(new JsonObject().put("propertyName", "hs_object_id"))));
    assertThat(twoSorts.status()).isEqualTo(400);
    assertThat(twoSorts.json().getString("message")).contains("Only one sorting rule");

    JsonArray manyProperties = new JsonArray();
    for (int i = 0; i < 300; i++) {
      manyProperties.add("property_number_" + i);
    }
    Resp tooLong = post("/crm/v3/objects/contacts/search", since.copy().put("properties", manyProperties));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().getString("message")).contains("3000");
  }

  @Test
  void searchKeepsItsOwnFivePerSecondLimit() {
    fake.configure(c -> c.withSearchPerSecond(5));
    int limited = 0;
    for (int i = 0; i < 8; i++) {
      Resp r = post("/crm/v3/objects/deals/search", new JsonObject());
      if (r.status() == 429) {
        limited++;
        assertThat(r.json().getString("policyName")).isEqualTo("SECONDLY");
      }
    }
    assertThat(limited).isGreaterThanOrEqualTo(1);
  }

  @Test
  void seedingANewPropertyAndRecordsOverTheInspectionApi() {
    Resp property = send("POST", "/__fake/properties", new JsonObject().put("objectType", "deals")
        .put("name", "renewal_date").put("type", "date").put("fieldType", "date"), null);
    assertThat(property.status()).isEqualTo(200);
    Resp seeded = send("POST", "/__fake/seed", new JsonObject().put("objectType", "deals").put("records",
        new JsonArray().add(new JsonObject().put("dealname", "A").put("renewal_date", "2027-01-01"))
            .add(new JsonObject().put("dealname", "B"))), null);
    assertThat(seeded.status()).isEqualTo(200);
    assertThat(seeded.json().getJsonArray("ids")).hasSize(2);
    assertThat(fake.portal().deals()).extracting(d -> d.property("renewal_date")).contains("2027-01-01");
    assertThat(send("POST", "/__fake/seed", new JsonObject().put("objectType", "deals").put("records",
        new JsonArray().add(new JsonObject().put("renewal_date", "tomorrow"))), null).status()).isEqualTo(400);
  }

  @Test
  void emailCampaignsArePagedByIdAndReadOneByOne() {
    for (int i = 0; i < 3; i++) {
      fake.portal().createCampaign(new JsonObject().put("name", "Newsletter " + i).put("subject", "Hello " + i)
          .put("type", "BATCH_EMAIL").put("contentId", 500 + i).put("counters", new JsonObject().put("sent", 10 * i)));
    }
    Resp page1 = get("/email/public/v1/campaigns/by-id?limit=2");
    assertThat(page1.status()).isEqualTo(200);
    assertThat(page1.json().getJsonArray("campaigns")).hasSize(2);
    assertThat(page1.json().getBoolean("hasMore")).isTrue();
    Resp page2 = get("/email/public/v1/campaigns/by-id?limit=2&offset=" + page1.json().getString("offset"));
    assertThat(page2.json().getJsonArray("campaigns")).hasSize(1);
    assertThat(page2.json().getBoolean("hasMore")).isFalse();
    long id = page2.json().getJsonArray("campaigns").getJsonObject(0).getLong("id");
    JsonObject one = get("/email/public/v1/campaigns/" + id).json();
    assertThat(one.getString("subject")).isEqualTo("Hello 2");
    assertThat(one.getJsonObject("counters").getLong("sent")).isEqualTo(20L);
    assertThat(get("/email/public/v1/campaigns/999").status()).isEqualTo(404);
    fake.denyScopes(TOKEN, ApiFamily.CONTENT);
    assertThat(get("/email/public/v1/campaigns/by-id").status()).isEqualTo(403);
  }
}
