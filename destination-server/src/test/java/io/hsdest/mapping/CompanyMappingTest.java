package io.hsdest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.hubspot.TestSchemas;
import io.hsdest.ingest.TestMessages;
import io.hsdest.ingest.message.Timestamps;
import io.hsdest.mapping.op.Association;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.testkit.TestSettings;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** group to company writes and associations; the domain and timestamp rules they use. Pure. */
class CompanyMappingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "https://www.Acme.io/about|acme.io",
      "http://acme.io:8080/x?y=1#z|acme.io",
      "WWW.ACME.IO|acme.io",
      "acme.io/|acme.io",
      "//cdn.acme.co.uk/a|cdn.acme.co.uk",
      "https://user:pw@shop.acme.io|shop.acme.io",
      "acme.io.|acme.io",
      "localhost|null",
      "'  '|null"})
  void domainIsTheHostWithoutSchemeWwwPortOrPath(String website, String domain) {
    assertThat(Domains.fromWebsite(website)).isEqualTo(domain);
  }

  @Test
  void companyPropertiesGoThroughTheSamePipeline() {
    Plan p = Mapper.map(TestMessages.parse("""
        {"type":"group","groupId":"g","traits":{"name":" Acme ","industry":"retail","numberOfEmployees":"12","phone":555,
          "address":{"city":"Paris","zip":"75001"},"lifecycle_stage":"Customer","domain":"https://acme.fr","foo":1}}"""),
        TestSettings.s0(), TestSchemas.snapshot());
    CompanyWrite c = (CompanyWrite) p.steps().get(0).op();
    assertThat(c.properties()).containsEntry("segment_group_id", "g").containsEntry("name", "Acme").containsEntry("industry", "RETAIL")
        .containsEntry("numberofemployees", "12").containsEntry("phone", "555").containsEntry("city", "Paris")
        .containsEntry("zip", "75001").containsEntry("lifecyclestage", "customer").containsEntry("domain", "acme.fr");
    assertThat(p.warnings()).extracting(Warning::toString).contains("PROPERTY_UNKNOWN:foo");
  }

  @Test
  void aMissingCompanyIdPropertyIsCreatedUniqueOrRefused() {
    var settings = TestSettings.s0("{\"companyIdProperty\":\"crm_account_id\"}");
    Plan create = Mapper.map(TestMessages.parse("{\"type\":\"group\",\"groupId\":\"g\"}"), settings, TestSchemas.snapshot());
    assertThat(create.propertiesToCreate()).containsExactly(new PropertyToCreate("companies", "crm_account_id", "string", "text", true));
    Plan refused = Mapper.map(TestMessages.parse("{\"type\":\"group\",\"groupId\":\"g\"}"),
        TestSettings.s0("{\"companyIdProperty\":\"crm_account_id\",\"autoCreateCompanyIdProperty\":false}"), TestSchemas.snapshot());
    assertThat(refused.terminal().reason()).isEqualTo(Reason.COMPANY_ID_PROPERTY_MISSING);
  }

  @Test
  void theContactSideDependsOnWhatIsKnown() {
    Plan byUserOnly = Mapper.map(TestMessages.parse("{\"type\":\"group\",\"groupId\":\"g\",\"userId\":\"u\"}"),
        TestSettings.s0(), TestSchemas.snapshot());
    assertThat(byUserOnly.steps()).hasSize(2);
    assertThat(byUserOnly.steps().get(1).op()).isInstanceOf(Association.class);
    assertThat(byUserOnly.steps().get(1).primary()).isFalse();

    Plan withEmail = Mapper.map(TestMessages.parse("{\"type\":\"group\",\"groupId\":\"g\",\"userId\":\"u\",\"context\":{\"traits\":{\"email\":\"U@x.com\"}}}"),
        TestSettings.s0(), TestSchemas.snapshot());
    ContactWrite contact = (ContactWrite) withEmail.steps().get(1).op();
    assertThat(contact.properties()).as("group traits never change contact properties").containsOnlyKeys("email");
    assertThat(withEmail.steps().get(2).after()).containsExactly(0, 1);

    Plan byUserIdProperty = Mapper.map(TestMessages.parse("{\"type\":\"group\",\"groupId\":\"g\",\"userId\":\"u\"}"),
        TestSettings.s0("{\"userIdProperty\":\"segment_user_id\"}"), TestSchemas.snapshot());
    assertThat(((ContactWrite) byUserIdProperty.steps().get(1).op()).key().idProperty()).isEqualTo("segment_user_id");

    Plan noAssociation = Mapper.map(TestMessages.parse("{\"type\":\"group\",\"groupId\":\"g\",\"userId\":\"u\"}"),
        TestSettings.s0("{\"associateContactToCompany\":false}"), TestSchemas.snapshot());
    assertThat(noAssociation.steps()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "2024-05-01T10:00:00Z|2024-05-01T10:00:00.000Z",
      "2024-05-01T10:00:00.123456789Z|2024-05-01T10:00:00.123Z",
      "2024-05-01T12:00:00+02:00|2024-05-01T10:00:00.000Z",
      "2024-05-01T12:00:00+0200|2024-05-01T10:00:00.000Z",
      "2024-05-01T10:00:00|2024-05-01T10:00:00.000Z",
      "2024-05-01 10:00:00Z|2024-05-01T10:00:00.000Z",
      "2024-05-01|2024-05-01T00:00:00.000Z",
      "1714557600000|2024-05-01T10:00:00.000Z"})
  void timestampsInEveryCommonForm(String text, String iso) {
    assertThat(Timestamps.isoMillis(Timestamps.parse(text))).isEqualTo(iso);
  }

  @Test
  void numbersAreAlwaysMilliseconds() {
    assertThat(Timestamps.parse(1714557600L)).isEqualTo(Instant.ofEpochMilli(1714557600L));
    assertThat(Timestamps.parse("next tuesday")).isNull();
    assertThat(Timestamps.parse(true)).isNull();
  }
}
