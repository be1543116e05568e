package io.hsdest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.config.DestinationSettings;
import io.hsdest.hubspot.TestSchemas;
import io.hsdest.ingest.TestMessages;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.ListMembership;
import io.hsdest.testkit.TestSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Identify to a contact write: identity, every property type, every policy, email hygiene. Pure. */
class ContactMappingTest {
  private static final SchemaSnapshot SCHEMA = TestSchemas.snapshot();

  private static Plan map(String traitsJson) {
    return map(TestSettings.s0(), traitsJson);
  }

  private static Plan map(DestinationSettings settings, String traitsJson) {
    return Mapper.map(TestMessages.parse("{\"type\":\"identify\",\"messageId\":\"m\",\"traits\":" + traitsJson + "}"), settings, SCHEMA);
  }

  private static Map<String, String> props(Plan p) {
    return ((ContactWrite) p.steps().get(0).op()).properties();
  }

  private static List<String> codes(Plan p) {
    return p.warnings().stream().map(Warning::toString).toList();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "' Jane@Example.COM '|jane@example.com",
      "'\u200bjane@example.com\u200d'|jane@example.com",
      "'ja\u200bne@example.com'|jane@example.com",
      "'JANE.DOE+tag@Sub.Example.co.uk'|jane.doe+tag@sub.example.co.uk"})
  void emailsAreTrimmedLowercasedAndCleanedOfInvisibleCharacters(String raw, String expected) {
    Plan p = map("{\"email\":\"" + raw + "\"}");
    ContactWrite w = (ContactWrite) p.steps().get(0).op();
    assertThat(w.key().value()).isEqualTo(expected);
    assertThat(w.properties().get("email")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"not-an-email", "jane@", "@example.com", "jane@example", "jane doe@example.com", "jane@@example.com", "jane..doe@example.com"})
  void invalidEmailsAreDroppedWithoutACall(String raw) {
    Plan p = map("{\"email\":\"" + raw + "\",\"firstName\":\"J\"}");
    assertThat(p.steps()).isEmpty();
    assertThat(p.terminal().reason()).isEqualTo(Reason.INVALID_EMAIL);
  }

  @Test
  void anInvalidEmailIsOnlyAWarningWhenTheContactIsKeyedByUserId() {
    var settings = TestSettings.s0("{\"userIdProperty\":\"segment_user_id\"}");
    Plan p = Mapper.map(TestMessages.parse("{\"type\":\"identify\",\"userId\":\"u-7\",\"traits\":{\"email\":\"nope\",\"firstName\":\"N\"}}"),
        settings, SCHEMA);
    assertThat(props(p)).containsExactly(Map.entry("segment_user_id", "u-7"), Map.entry("firstname", "N"));
    assertThat(codes(p)).containsExactly("INVALID_EMAIL:email");
  }

  @Test
  void customUniqueContactIdPropertyWithEmailFallback() {
    var settings = TestSettings.s0("{\"contactIdProperty\":\"segment_user_id\"}");
    Plan keyed = map(settings, "{\"segment_user_id\":\"abc\",\"email\":\"x@y.io\"}");
    assertThat(((ContactWrite) keyed.steps().get(0).op()).key().idProperty()).isEqualTo("segment_user_id");
    Plan fallback = map(settings, "{\"email\":\"x@y.io\"}");
    assertThat(((ContactWrite) fallback.steps().get(0).op()).key().idProperty()).isEqualTo("email");
  }

  @Test
  void aNonUniqueIdPropertyIsRefusedClearly() {
    var settings = TestSettings.s0("{\"userIdProperty\":\"favorite_color\"}");
    Plan p = Mapper.map(TestMessages.parse("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{}}"), settings, SCHEMA);
    assertThat(p.terminal().reason()).isEqualTo(Reason.ID_PROPERTY_NOT_UNIQUE);
  }

  @Test
  void aMissingUserIdPropertyIsCreatedAsUniqueFirst() {
    var settings = TestSettings.s0("{\"userIdProperty\":\"crm_user_id\"}");
    Plan p = Mapper.map(TestMessages.parse("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{}}"), settings, SCHEMA);
    assertThat(p.propertiesToCreate()).containsExactly(new PropertyToCreate("contacts", "crm_user_id", "string", "text", true));
  }

  @Test
  void standardFieldsFromEverySpelling() {
    assertThat(props(map("{\"email\":\"a@x.com\",\"first_name\":\"A\",\"last_name\":\"B\",\"title\":\"CTO\",\"company\":{\"name\":\"Acme\"},"
        + "\"address\":{\"street\":\"1 Main\",\"postal_code\":\"02110\",\"country\":\"US\"},\"lifecycleStage\":\"LEAD\"}")))
        .containsEntry("firstname", "A").containsEntry("lastname", "B").containsEntry("jobtitle", "CTO")
        .containsEntry("company", "Acme").containsEntry("address", "1 Main").containsEntry("zip", "02110")
        .containsEntry("country", "US").containsEntry("lifecyclestage", "lead");
    assertThat(props(map("{\"email\":\"a@x.com\",\"firstname\":\"A\",\"firstName\":\"B\"}"))).containsEntry("firstname", "B");
  }

  @Test
  void nameIsSplitOnlyWhenAskedAndFirstAndLastAreAbsent() {
    var split = TestSettings.s0("{\"splitNameTrait\":true}");
    assertThat(props(map(split, "{\"email\":\"a@x.com\",\"name\":\"Ada Lovelace King\"}")))
        .containsEntry("firstname", "Ada").containsEntry("lastname", "Lovelace King").doesNotContainKey("name");
    assertThat(props(map(split, "{\"email\":\"a@x.com\",\"name\":\"Ada Lovelace\",\"firstName\":\"A\"}")))
        .containsEntry("firstname", "A").doesNotContainKey("lastname");
    assertThat(codes(map("{\"email\":\"a@x.com\",\"name\":\"Ada Lovelace\"}"))).containsExactly("PROPERTY_UNKNOWN:name");
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "tags|'\"  spaced  \"'|spaced",
      "tags|42|42",
      "tags|4.50|4.5",
      "tags|true|true",
      "tags|'[\"a\",\" b \",1.0,false]'|a;b;1;false",
      "tags|'{\"k\":[1,2]}'|'{\"k\":[1,2]}'",
      "seats|'\" 3 \"'|3",
      "seats|'\"-0.50\"'|-0.5",
      "seats|1e3|1000",
      "seats|12|12",
      "is_vip|'\" False \"'|false",
      "legacy_flag|true|true",
      "signup_date|'\"2023-09-25 23:30:00-05:00\"'|2023-09-26",
      "signup_date|'\"1695663064128\"'|2023-09-25",
      "last_login|'\"2024-01-08T15:52:50.5+02:00\"'|2024-01-08T13:52:50.500Z",
      "last_login|'\"2024-01-08T13:52\"'|2024-01-08T13:52:00.000Z",
      "plan_tier|'\"enterprise\"'|enterprise",
      "plan_tier|'\"ENTERPRISE\"'|enterprise",
      "interests|'\"golf;Chess\"'|golf;chess",
      "interests|'[]'|''",
      "phone|5550100|5550100"})
  void everyPropertyTypeIsCoercedToHubSpotsForm(String property, String json, String expected) {
    Plan p = map("{\"email\":\"a@x.com\",\"" + property + "\":" + json + "}");
    assertThat(props(p)).containsEntry(property, expected);
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "seats|'\"+3\"'|INVALID_NUMBER",
      "seats|'\"\"'|-",
      "seats|true|INVALID_NUMBER",
      "is_vip|'\"yes\"'|INVALID_BOOLEAN",
      "signup_date|true|INVALID_DATE",
      "last_login|'\"yesterday\"'|INVALID_DATETIME",
      "plan_tier|'\"platinum\"'|INVALID_OPTION",
      "plan_tier|'[\"pro\"]'|INVALID_OPTION",
      "interests|'[\"bowling\"]'|INVALID_OPTION"})
  void valuesThatCannotBeCoercedDropOnlyThatProperty(String property, String json, String code) {
    Plan p = map("{\"email\":\"a@x.com\",\"firstName\":\"A\",\"" + property + "\":" + json + "}");
    assertThat(props(p)).containsEntry("firstname", "A");
    if (code.equals("-")) {
      assertThat(props(p)).containsEntry(property, "");
    } else {
      assertThat(props(p)).doesNotContainKey(property);
      assertThat(codes(p)).containsExactly(code + ":" + property);
    }
  }

  @Test
  void unknownPropertyPolicies() {
    String traits = "{\"email\":\"a@x.com\",\"shoe_size\":42,\"vip_since\":\"2024-01-02\",\"Is Beta\":true}";
    assertThat(codes(map(traits))).containsExactlyInAnyOrder("PROPERTY_UNKNOWN:shoe_size", "PROPERTY_UNKNOWN:vip_since",
        "PROPERTY_UNKNOWN:is_beta");
    Plan fail = map(TestSettings.s0("{\"unknownPropertyPolicy\":\"fail\"}"), traits);
    assertThat(fail.terminal().reason()).isEqualTo(Reason.PROPERTY_UNKNOWN);
    Plan create = map(TestSettings.s0("{\"unknownPropertyPolicy\":\"create\"}"), traits);
    assertThat(create.propertiesToCreate()).containsExactlyInAnyOrder(
        new PropertyToCreate("contacts", "shoe_size", "number", "number", false),
        new PropertyToCreate("contacts", "vip_since", "date", "date", false),
        new PropertyToCreate("contacts", "is_beta", "bool", "booleancheckbox", false));
    Plan afterCreation = Mapper.map(create.message(), TestSettings.s0("{\"unknownPropertyPolicy\":\"create\"}"), SCHEMA.afterCreations());
    assertThat(afterCreation.propertiesToCreate()).isEmpty();
  }

  @Test
  void keysThatCannotBePropertyNamesAreDroppedWithAWarning() {
    Plan p = map("{\"email\":\"a@x.com\",\"$revenue\":1,\"_private\":2,\"9lives\":3}");
    assertThat(codes(p)).containsExactlyInAnyOrder("KEY_INVALID:$revenue", "KEY_INVALID:_private", "KEY_INVALID:9lives");
  }

  @Test
  void traitsFallBackToContextTraits() {
    Plan p = Mapper.map(TestMessages.parse("{\"type\":\"identify\",\"context\":{\"traits\":{\"email\":\"c@x.com\",\"firstName\":\"C\"}}}"),
        TestSettings.s0(), SCHEMA);
    assertThat(props(p)).containsEntry("email", "c@x.com").containsEntry("firstname", "C");
  }

  @Test
  void computedTraitsAreOrdinaryProperties() {
    Plan p = Mapper.map(TestMessages.parse("""
        {"type":"identify","traits":{"email":"e@x.com","pricing_page_visits":7},
         "context":{"personas":{"computation_class":"trait","computation_key":"pricing_page_visits"}}}"""), TestSettings.s0(), SCHEMA);
    assertThat(props(p)).containsEntry("pricing_page_visits", "7");
  }

  @Test
  void audienceWithoutItsPropertyFollowsThePolicyAndSaysWhatToCreate() {
    String msg = """
        {"type":"identify","traits":{"email":"e@x.com","churn_risk":true},
         "context":{"personas":{"computation_class":"audience","computation_key":"churn_risk"}}}""";
    Plan dropped = Mapper.map(TestMessages.parse(msg), TestSettings.s0(), SCHEMA);
    assertThat(codes(dropped)).containsExactly("AUDIENCE_PROPERTY_MISSING:churn_risk");
    assertThat(dropped.warnings().get(0).message()).contains("single checkbox").contains("churn_risk");
    Plan created = Mapper.map(TestMessages.parse(msg), TestSettings.s0("{\"unknownPropertyPolicy\":\"create\"}"), SCHEMA);
    assertThat(created.propertiesToCreate()).containsExactly(new PropertyToCreate("contacts", "churn_risk", "bool", "booleancheckbox", false));
  }

  @Test
  void audienceListModeAddsAListMembership() {
    Plan p = Mapper.map(TestMessages.parse("""
        {"type":"identify","userId":"u","traits":{"email":"e@x.com","vip_users":false},
         "context":{"personas":{"computation_class":"audience","computation_key":"vip_users"}}}"""),
        TestSettings.s0("{\"audienceMode\":\"both\"}"), SCHEMA);
    assertThat(props(p)).containsEntry("vip_users", "false");
    ListMembership list = (ListMembership) p.steps().get(1).op();
    assertThat(list.listName()).isEqualTo("cdp_vip_users");
    assertThat(list.add()).isFalse();
  }

  @Test
  void nonMarketingAndLifecycleStageAreCarriedForDelivery() {
    ContactWrite w = (ContactWrite) map(TestSettings.s0("{\"createContactsAsNonMarketing\":true}"),
        "{\"email\":\"a@x.com\",\"lifecycle_stage\":\"Customer\"}").steps().get(0).op();
    assertThat(w.nonMarketingOnCreate()).isTrue();
    assertThat(w.lifecycleStage()).isEqualTo("customer");
  }
}
