package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Write-time value checks and the exact VALIDATION_ERROR envelope (hubspot-api.md sections 2 and 7). */
class PropertyValidationTest extends FakeTestBase {

  /** Upserts one contact with one property and returns the single error item of the 400 (or null on 200). */
  private static JsonObject errorFor(String property, Object value) {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("v@x.com", props(property, value))));
    if (r.status() == 200) {
      return null;
    }
    assertThat(r.status()).isEqualTo(400);
    JsonObject body = r.json();
    String message = body.getString("message");
    assertThat(message).startsWith("Property values were not valid: ");
    JsonArray results = new JsonArray(message.substring("Property values were not valid: ".length()));
    return results.getJsonObject(0);
  }

  private static String stored(String property) {
    return fake.contactBy("email", "v@x.com").orElseThrow().property(property);
  }

  @Test
  void envelopeMatchesTheDocumentedShape() {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("v@x.com",
        props("testproperty", "x"))));
    assertThat(r.status()).isEqualTo(400);
    JsonObject body = r.json();
    assertThat(body.fieldNames()).containsExactly("status", "message", "correlationId", "errors", "category");
    assertThat(body.getString("category")).isEqualTo("VALIDATION_ERROR");
    JsonObject item = new JsonArray(body.getString("message").substring(32)).getJsonObject(0);
    assertThat(item).isEqualTo(new JsonObject().put("isValid", false)
        .put("message", "Property \"testproperty\" does not exist").put("error", "PROPERTY_DOESNT_EXIST")
        .put("name", "testproperty").put("localizedErrorMessage", "Property \"testproperty\" does not exist")
        .put("portalId", 123456));
    assertThat(body.getJsonArray("errors").getJsonObject(0)).isEqualTo(new JsonObject()
        .put("message", "Property \"testproperty\" does not exist").put("code", "PROPERTY_DOESNT_EXIST")
        .put("context", new JsonObject().put("propertyName", new JsonArray().add("testproperty"))));
    assertThat(fake.portal().contacts()).as("nothing written").isEmpty();
  }

  @Test
  void readOnlyPropertiesAreRejected() {
    assertThat(errorFor("hs_object_id", "999").getString("error")).isEqualTo("READ_ONLY_VALUE");
    assertThat(errorFor("createdate", "2024-01-01").getString("error")).isEqualTo("READ_ONLY_VALUE");
  }

  @Test
  void numbersAllowOneDecimalPointAndNoLetters() {
    assertThat(errorFor("seats", "12.50")).isNull();
    assertThat(stored("seats")).isEqualTo("12.50");
    assertThat(errorFor("seats", "-3")).isNull();
    JsonObject bad = errorFor("seats", "abc");
    assertThat(bad.getString("error")).isEqualTo("INVALID_INTEGER");
    assertThat(bad.getString("message")).isEqualTo("abc was not a valid number.");
    assertThat(errorFor("seats", "1.2.3").getString("error")).isEqualTo("INVALID_INTEGER");
    assertThat(errorFor("seats", "1.4e-14").getString("error")).isEqualTo("INVALID_INTEGER");
  }

  @Test
  void boolsAreTrueOrFalse() {
    assertThat(errorFor("is_vip", "TRUE")).isNull();
    assertThat(stored("is_vip")).isEqualTo("true");
    assertThat(errorFor("is_vip", "yes").getString("name")).isEqualTo("is_vip");
    assertThat(errorFor("legacy_flag", "false")).isNull();
    assertThat(errorFor("legacy_flag", "maybe").getString("error")).isEqualTo("INVALID_OPTION");
  }

  @Test
  void enumerationsTakeOptionValuesOnly() {
    assertThat(errorFor("plan_tier", "pro")).isNull();
    JsonObject bad = errorFor("plan_tier", "Pro");
    assertThat(bad.getString("error")).isEqualTo("INVALID_OPTION");
    assertThat(bad.getString("message")).isEqualTo("Pro was not one of the allowed options: [free, pro, enterprise]");
  }

  @Test
  void multiCheckboxIsSemicolonSeparatedAndALeadingSemicolonAppends() {
    assertThat(errorFor("interests", "golf;tennis")).isNull();
    assertThat(stored("interests")).isEqualTo("golf;tennis");
    assertThat(errorFor("interests", ";chess")).isNull();
    assertThat(stored("interests")).isEqualTo("golf;tennis;chess");
    JsonObject bad = errorFor("interests", "golf;bowling");
    assertThat(bad.getString("message")).startsWith("bowling was not one of the allowed options");
  }

  @Test
  void datesMustBeMidnightUtc() {
    assertThat(errorFor("signup_date", "2023-09-25")).isNull();
    assertThat(stored("signup_date")).isEqualTo("2023-09-25");
    assertThat(errorFor("signup_date", "1695600000000")).isNull();
    assertThat(stored("signup_date")).isEqualTo("2023-09-25");
    JsonObject bad = errorFor("signup_date", "1521225089103");
    assertThat(bad.getString("error")).isEqualTo("INVALID_DATE");
    assertThat(bad.getString("message")).isEqualTo("1521225089103 is at 18:31:29.103 UTC, not midnight!");
    assertThat(errorFor("signup_date", "next tuesday").getString("error")).isEqualTo("INVALID_DATE");
  }

  @Test
  void datetimesAcceptIsoOrEpochMillisAndAreStoredAsIsoUtc() {
    assertThat(errorFor("last_login", "2024-01-08T15:52:50+02:00")).isNull();
    assertThat(stored("last_login")).isEqualTo("2024-01-08T13:52:50.000Z");
    assertThat(errorFor("last_login", 1704721970212L)).isNull();
    assertThat(stored("last_login")).isEqualTo("2024-01-08T13:52:50.212Z");
    assertThat(errorFor("last_login", "yesterday")).isNotNull();
  }

  @Test
  void emailsMustLookValid() {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("not-an-email", new JsonObject())));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("INVALID_EMAIL");
  }

  @Test
  void objectValuesAreInvalidJson() {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("v@x.com",
        props("favorite_color", new JsonObject().put("a", 1)))));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("message")).startsWith("Invalid input JSON");
  }

  @Test
  void withDistinctTraceIdsBadInputsAre207ItemsAndGoodOnesAreApplied() {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(
        upsertInput("ok@x.com", new JsonObject()).put("objectWriteTraceId", "m-070"),
        upsertInput("bad@x.com", props("seats", "many")).put("objectWriteTraceId", "m-071")));
    assertThat(r.status()).isEqualTo(207);
    JsonObject body = r.json();
    assertThat(body.getString("status")).isEqualTo("COMPLETE");
    assertThat(body.getInteger("numErrors")).isEqualTo(1);
    assertThat(body.getJsonArray("results")).hasSize(1);
    JsonObject error = body.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("status")).isEqualTo("error");
    assertThat(error.getString("category")).isEqualTo("VALIDATION_ERROR");
    assertThat(error.getString("message")).startsWith("Property values were not valid: ");
    assertThat(error.getJsonObject("context").getJsonArray("objectWriteTraceId")).containsExactly("m-071");
    assertThat(error.getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("INVALID_INTEGER");
    assertThat(fake.contactBy("email", "ok@x.com")).isPresent();
    assertThat(fake.contactBy("email", "bad@x.com")).isEmpty();
  }

  @Test
  void withoutDistinctTraceIdsOneBadInputFailsTheWholeBatch() {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(
        upsertInput("ok@x.com", new JsonObject()).put("objectWriteTraceId", "same"),
        upsertInput("bad@x.com", props("seats", "many")).put("objectWriteTraceId", "same")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(fake.portal().contacts()).isEmpty();
  }
}
