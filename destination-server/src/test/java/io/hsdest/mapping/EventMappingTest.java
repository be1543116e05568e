package io.hsdest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.config.DestinationSettings;
import io.hsdest.hubspot.TestSchemas;
import io.hsdest.ingest.TestMessages;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.EventSend;
import io.hsdest.testkit.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** track / page / screen to events: names, identity, properties, idempotency keys. Pure. */
class EventMappingTest {
  private static final SchemaSnapshot SCHEMA = TestSchemas.snapshot();

  private static Plan map(DestinationSettings settings, String json) {
    return Mapper.map(TestMessages.parse(json), settings, SCHEMA);
  }

  private static Plan track(String event, String propertiesJson) {
    return map(TestSettings.s0(), "{\"type\":\"track\",\"messageId\":\"m\",\"event\":\"" + event + "\",\"properties\":" + propertiesJson + "}");
  }

  private static EventSend event(Plan p) {
    return (EventSend) p.steps().get(p.steps().size() - 1).op();
  }

  private static List<String> codes(Plan p) {
    return p.warnings().stream().map(Warning::toString).toList();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "Order Completed|pe123456_order_completed",
      "  order completed |pe123456_order_completed",
      "Signed Up|pe123456_signed_up",
      "PE123456_Signed.Up|pe123456_signed_up",
      "pe123456_signed_up|pe123456_signed_up"})
  void namesFromMappingsPrefixesAndDerivation(String event, String expected) {
    assertThat(event(track(event, "{\"email\":\"a@x.com\"}")).eventName()).isEqualTo(expected);
  }

  @Test
  void mappingsAndPageEventNamesMayUseTheShortName() {
    Plan mapped = map(TestSettings.s0("{\"eventMappings\":{\"Account Created\":{\"name\":\"signed_up\"}},\"deriveEventNames\":false}"),
        "{\"type\":\"track\",\"event\":\"account created\",\"properties\":{\"email\":\"a@x.com\"}}");
    assertThat(event(mapped).eventName()).isEqualTo("pe123456_signed_up");
    Plan page = map(TestSettings.s0("{\"pageEventName\":\"page_viewed\",\"deriveEventNames\":false}"),
        "{\"type\":\"page\",\"name\":\"Home\",\"context\":{\"traits\":{\"email\":\"a@x.com\"}}}");
    assertThat(event(page).eventName()).isEqualTo("pe123456_page_viewed");
  }

  @Test
  void derivedNamesCollapseEveryOtherCharacter() {
    assertThat(EventNameResolver.normalise("  Signed-Up!! (v2) ")).isEqualTo("signed_up_v2");
  }

  @Test
  void withoutDerivationAnUnmappedNameIsRefused() {
    Plan p = map(TestSettings.s0("{\"deriveEventNames\":false}"),
        "{\"type\":\"track\",\"event\":\"Signed Up\",\"properties\":{\"email\":\"a@x.com\"}}");
    assertThat(p.terminal().reason()).isEqualTo(Reason.EVENT_NOT_MAPPED);
  }

  @Test
  void autoCreateAsksForTheDefinitionWithTypedProperties() {
    Plan p = map(TestSettings.s0("{\"autoCreateEventDefinitions\":true}"), """
        {"type":"track","event":"Cart Viewed","properties":{"email":"a@x.com","items":3,"coupon":"X","gift":true,"at":"2024-05-01T10:00:00Z"}}""");
    assertThat(p.eventsToCreate()).hasSize(1);
    EventDefinitionToCreate def = p.eventsToCreate().get(0);
    assertThat(def.fullyQualifiedName()).isEqualTo("pe123456_cart_viewed");
    assertThat(def.name()).isEqualTo("cart_viewed");
    assertThat(def.properties()).extracting(PropertyToCreate::name, PropertyToCreate::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("items", "number"), org.assertj.core.groups.Tuple.tuple("coupon", "string"),
        org.assertj.core.groups.Tuple.tuple("gift", "bool"), org.assertj.core.groups.Tuple.tuple("at", "datetime"));
  }

  @Test
  void identityFallsBackThroughPropertiesContextTraitsAndTraits() {
    assertThat(event(map(TestSettings.s0(), "{\"type\":\"track\",\"event\":\"Signed Up\",\"traits\":{\"email\":\"T@x.com\"}}")).email())
        .isEqualTo("t@x.com");
    EventSend utk = event(map(TestSettings.s0(), "{\"type\":\"track\",\"event\":\"Signed Up\",\"context\":{\"traits\":{\"hubspotutk\":\"abc123\"}}}"));
    assertThat(utk.utk()).isEqualTo("abc123");
    assertThat(utk.email()).isNull();
    EventSend byId = event(map(TestSettings.s0(), """
        {"type":"track","event":"Signed Up","context":{"externalIds":[{"id":"501","type":"hubspot_contact_id"}]}}"""));
    assertThat(byId.objectId()).isEqualTo("501");
    EventSend userOnly = event(map(TestSettings.s0(), "{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"u-1\"}"));
    assertThat(userOnly.userId()).as("resolved to a contact id at send time").isEqualTo("u-1");
    Plan none = map(TestSettings.s0(), "{\"type\":\"track\",\"event\":\"Signed Up\",\"anonymousId\":\"a\"}");
    assertThat(none.terminal().reason()).isEqualTo(Reason.MISSING_IDENTIFIER);
  }

  @Test
  void identityKeysAreNotEventPropertiesAndUnknownOnesAreReported() {
    Plan p = track("Signed Up", "{\"email\":\"a@x.com\",\"utk\":\"u\",\"plan\":\"pro\",\"referrer_code\":\"x\"}");
    assertThat(event(p).properties()).containsExactly(java.util.Map.entry("plan", "pro"));
    assertThat(codes(p)).containsExactly("EVENT_PROPERTY_UNKNOWN:referrer_code");
  }

  @Test
  void propertiesAreCoercedByTheDefinitionsTypes() {
    Plan p = track("Order Completed", "{\"email\":\"a@x.com\",\"amount\":\"12.50\",\"coupon_used\":true,\"order_id\":77}");
    assertThat(event(p).properties()).containsEntry("amount", "12.5").containsEntry("coupon_used", "true").containsEntry("order_id", "77");
    Plan bad = track("Order Completed", "{\"email\":\"a@x.com\",\"amount\":\"lots\",\"order_id\":\"A\"}");
    assertThat(event(bad).properties()).containsOnlyKeys("order_id");
    assertThat(codes(bad)).containsExactly("INVALID_NUMBER:amount");
  }

  @Test
  void valuesLongerThanHubSpotKeepsAreTruncated() {
    Plan p = track("Signed Up", "{\"email\":\"a@x.com\",\"plan\":\"" + "p".repeat(300) + "\"}");
    assertThat(event(p).properties().get("plan")).hasSize(256);
    assertThat(codes(p)).containsExactly("VALUE_TRUNCATED:plan");
  }

  @Test
  void atMostFiftyPropertiesPerOccurrence() {
    StringBuilder props = new StringBuilder("{\"email\":\"a@x.com\"");
    for (int i = 0; i < 60; i++) props.append(",\"p").append(i).append("\":").append(i);
    props.append('}');
    Plan p = map(TestSettings.s0(), "{\"type\":\"track\",\"event\":\"Signed Up\",\"properties\":" + props + "}");
    Plan unknownDefinitions = Mapper.map(p.message(), TestSettings.s0(), SchemaSnapshot.UNKNOWN);
    assertThat(event(unknownDefinitions).properties()).hasSize(50);
    assertThat(codes(unknownDefinitions)).contains("EVENT_PROPERTY_LIMIT");
  }

  @Test
  void uuidIsTheMessageIdWhenItIsOneElseDerivedFromIt() {
    String uuid = "6f1c2d1e-8d7b-4c8a-9b9e-1f2a3b4c5d6e";
    assertThat(event(map(TestSettings.s0(), "{\"type\":\"track\",\"event\":\"Signed Up\",\"messageId\":\"" + uuid
        + "\",\"properties\":{\"email\":\"a@x.com\"}}")).uuid()).isEqualTo(uuid);
    assertThat(EventUuids.of("m-100")).isEqualTo("098a1d46-1513-5837-9c0a-fe97b8c48af2");
    assertThat(EventUuids.of("m-100")).isEqualTo(EventUuids.of("m-100"));
  }

  @Test
  void occurredAtFromTimestampThenOriginalTimestamp() {
    assertThat(event(map(TestSettings.s0(), """
        {"type":"track","event":"Signed Up","originalTimestamp":"2024-05-01T12:00:00+02:00","properties":{"email":"a@x.com"}}""")).occurredAt())
        .isEqualTo("2024-05-01T10:00:00.000Z");
  }

  @Test
  void contextTraitsUpdateTheContactOnlyWhenTheyCarryMoreThanIdentity() {
    var settings = TestSettings.s0("{\"trackContextTraitsToContact\":true}");
    Plan identityOnly = map(settings, "{\"type\":\"track\",\"event\":\"Signed Up\",\"context\":{\"traits\":{\"email\":\"a@x.com\",\"hubspotutk\":\"u\"}}}");
    assertThat(identityOnly.steps()).hasSize(1);
    Plan withTraits = map(settings, "{\"type\":\"track\",\"event\":\"Signed Up\",\"context\":{\"traits\":{\"email\":\"a@x.com\",\"firstName\":\"A\"}}}");
    assertThat(withTraits.steps()).hasSize(2);
    assertThat(((ContactWrite) withTraits.steps().get(0).op()).properties()).containsEntry("firstname", "A").doesNotContainKey("hubspotutk");
    assertThat(withTraits.steps().get(1).after()).containsExactly(0);
  }

  @Test
  void audienceEnteredSetsThePropertyAndIsSentAsAnEventWhenDefined() {
    String entered = """
        {"type":"track","event":"Audience Entered","userId":"u","properties":{"audience_key":"vip_users","email":"a@x.com"},
         "context":{"personas":{"computation_class":"audience","computation_key":"vip_users"}}}""";
    Plan p = map(TestSettings.s0(), entered);
    assertThat(((ContactWrite) p.steps().get(0).op()).properties()).containsEntry("vip_users", "true");
    assertThat(codes(p)).contains("AUDIENCE_EVENT_NOT_SENT");
    Plan exited = map(TestSettings.s0(), entered.replace("Audience Entered", "Audience Exited"));
    assertThat(((ContactWrite) exited.steps().get(0).op()).properties()).containsEntry("vip_users", "false");
  }

  @Test
  void audienceTracksAreSentAsEventsWhereTheEventIsDefinedAfterTheProperty() {
    String entered = """
        {"type":"track","event":"Audience Entered","userId":"u","messageId":"m-ae","properties":{"audience_key":"vip_users","email":"a@x.com"},
         "context":{"personas":{"computation_class":"audience","computation_key":"vip_users"}}}""";
    var settings = TestSettings.s0("{\"eventMappings\":{\"Audience Entered\":{\"name\":\"signed_up\"}}}");
    Plan p = map(settings, entered);
    assertThat(codes(p)).noneMatch(c -> c.startsWith("AUDIENCE_EVENT_NOT_SENT"));
    assertThat(p.steps()).hasSize(2);
    assertThat(((ContactWrite) p.steps().get(0).op()).properties()).containsEntry("vip_users", "true");
    assertThat(event(p).eventName()).isEqualTo("pe123456_signed_up");
    assertThat(event(p).email()).isEqualTo("a@x.com");
    assertThat(p.steps().get(1).after()).as("the event goes once the contact holds the audience").containsExactly(0);
    Plan propertyOnly = map(TestSettings.s0("{\"eventMappings\":{\"Audience Entered\":{\"name\":\"signed_up\"}},"
        + "\"audienceTrackMode\":\"property\"}"), entered);
    assertThat(propertyOnly.steps()).hasSize(1);
  }

  @Test
  void aTrackIdentifiedOnlyByItsUtkOrTimedOnlyByReceivedAt() {
    Plan utk = map(TestSettings.s0(), """
        {"type":"track","event":"Signed Up","messageId":"m-u","properties":{"plan":"pro"},"context":{"traits":{"hubspotutk":"abc123"}},
         "receivedAt":"2024-05-01T10:00:00.000Z"}""");
    assertThat(utk.terminal()).isNull();
    assertThat(event(utk).utk()).isEqualTo("abc123");
    assertThat(event(utk).email()).isNull();
    assertThat(event(utk).occurredAt()).isEqualTo("2024-05-01T10:00:00.000Z");
    Plan fromProperties = map(TestSettings.s0(), """
        {"type":"track","event":"Signed Up","messageId":"m-u2","properties":{"utk":"first","plan":"pro"},
         "context":{"traits":{"hubspotutk":"second"}}}""");
    assertThat(event(fromProperties).utk()).isEqualTo("first");
    assertThat(event(fromProperties).properties()).doesNotContainKey("utk");
  }

  private static final String ORDER = """
      {"type":"track","event":"Order Completed","messageId":"m-o","timestamp":"2024-05-01T10:00:00Z",
       "properties":{"email":"o@x.com","order_id":"A-1"}}""";

  @Test
  void trackEventTimeToContactSetsLastEventAtBeforeTheEvent() {
    Plan p = map(TestSettings.s0("{\"trackEventTimeToContact\":true,\"unknownPropertyPolicy\":\"create\"}"), ORDER);
    assertThat(p.steps()).hasSize(2);
    ContactWrite contact = (ContactWrite) p.steps().get(0).op();
    assertThat(contact.key().value()).isEqualTo("o@x.com");
    // the property is created first; the message is mapped again once it exists (CreationEndToEndTest)
    assertThat(p.propertiesToCreate()).anySatisfy(c -> {
      assertThat(c.name()).isEqualTo("last_order_completed_at");
      assertThat(c.type()).isEqualTo("datetime");
    });
    assertThat(event(p).eventName()).isEqualTo("pe123456_order_completed");
    assertThat(p.steps().get(1).after()).containsExactly(0);
    assertThat(p.steps().get(1).primary()).isTrue();

    Plan off = map(TestSettings.s0("{\"unknownPropertyPolicy\":\"create\",\"trackContextTraitsToContact\":true}"), ORDER);
    assertThat(off.steps()).as("off by default").hasSize(1);
  }

  @Test
  void aLastEventAtPropertyThatIsDroppedMakesNoContactWrite() {
    Plan p = map(TestSettings.s0("{\"trackEventTimeToContact\":true}"), ORDER);
    assertThat(p.steps()).as("an email-only upsert would change nothing").hasSize(1);
    assertThat(codes(p)).contains("PROPERTY_UNKNOWN:last_order_completed_at");
  }

  @Test
  void withoutAnEventDefinitionTheContactStillLearnsWhenItHappened() {
    String undefined = ORDER.replace("Order Completed", "Webinar Attended");
    var settings = TestSettings.s0("{\"trackEventTimeToContact\":true,\"unknownPropertyPolicy\":\"create\"}");
    Plan p = map(settings, undefined);
    assertThat(p.terminal()).isNull();
    assertThat(p.steps()).hasSize(1);
    assertThat(p.steps().get(0).primary()).isTrue();
    assertThat(p.propertiesToCreate()).extracting(PropertyToCreate::name).containsExactly("last_webinar_attended_at");
    assertThat(codes(p)).anyMatch(c -> c.startsWith("EVENT_NOT_SENT"));
    assertThat(map(TestSettings.s0("{\"unknownPropertyPolicy\":\"create\"}"), undefined).terminal().outcome())
        .as("without the setting: dropped, naming the definition to create").isEqualTo(Outcome.DROPPED);
  }

  @Test
  void pageAndScreenAreSkippedUnlessConfigured() {
    assertThat(map(TestSettings.s0(), "{\"type\":\"page\",\"name\":\"Home\"}").terminal().outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(map(TestSettings.s0(), "{\"type\":\"screen\",\"name\":\"Home\"}").terminal().outcome()).isEqualTo(Outcome.SKIPPED);
    Plan screen = map(TestSettings.s0("{\"screenEventName\":\"pe123456_page_viewed\"}"),
        "{\"type\":\"screen\",\"name\":\"Settings\",\"userId\":\"u\",\"context\":{\"traits\":{\"email\":\"s@x.com\"}}}");
    assertThat(event(screen).properties()).containsEntry("hs_page_title", "Settings");
  }
}
