package io.hsdest.audiences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsdest.ingest.IngestError;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The audience bodies, read with the streaming parser: Amplitude's payload as its documentation shows it, and ours. */
class PayloadsTest {

  private static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The example payload of Amplitude's Cohort Webhooks documentation, byte for byte in shape. */
  private static final String AMPLITUDE_EXAMPLE = """
      {
          "cohort_name": "My Test Cohort",
          "cohort_id": "7khm89cz",
          "in_cohort": true,
          "computed_time": "1692206763",
          "message_id": "9baaa88f-9d46-4ee5-a946-be0c6aea0046::enter::0",
          "users": [
            {
               "user_id": "user_one@example.com"
            },
            {
               "user_id": "user_two@example.com"
            },
            {
               "user_id": "user_three@example.com"
            }
          ]
      }""";

  @Test
  void amplitudesDocumentedPayloadIsReadAsItIs() {
    Payloads.Cohort c = Payloads.cohort(in(AMPLITUDE_EXAMPLE), false);
    assertThat(c.cohortName()).isEqualTo("My Test Cohort");
    assertThat(c.cohortId()).isEqualTo("7khm89cz");
    assertThat(c.inCohort()).isTrue();
    assertThat(c.messageId()).isEqualTo("9baaa88f-9d46-4ee5-a946-be0c6aea0046::enter::0");
    assertThat(c.users()).extracting(Candidate::value)
        .containsExactly("user_one@example.com", "user_two@example.com", "user_three@example.com");
    assertThat(c.users()).extracting(Candidate::field).containsOnly("user_id");
    assertThat(c.users().get(0).identity()).as("the cohortIdentity setting decides").isNull();
  }

  @Test
  void userPropertiesAndATemplatedStringBooleanAreTakenFromGzip() {
    byte[] body = AudienceHarness.gzip(("{\"cohort_name\":\"x\",\"in_cohort\":\"false\",\"users\":["
        + "{\"user_id\":\"42\",\"user_properties\":{\"email\":\"a@b.co\",\"plan\":\"pro\"}},"
        + "{\"user_properties\":{\"email\":\"c@d.co\"}},{\"user_id\":7}],\"extra\":{\"nested\":[1,2]}}")
        .getBytes(StandardCharsets.UTF_8));
    Payloads.Cohort c = Payloads.cohort(new ByteArrayInputStream(body), true);
    assertThat(c.inCohort()).isFalse();
    assertThat(c.messageId()).isNull();
    assertThat(c.users()).extracting(Candidate::altEmail).containsExactly("a@b.co", "c@d.co", null);
    assertThat(c.users()).extracting(Candidate::value).containsExactly("42", "", "7");
  }

  @Test
  void aMemberIsNamedByTheFirstOfContactIdEmailUserId() {
    Payloads.Snapshot s = Payloads.snapshot(in("""
        {"name":"VIPs","writeKey":"wk","members":[{"email":"a@b.co","userId":"u1","contactId":"12"},{"email":"a@b.co","userId":"u1"},
         {"userId":"u1","email":""},{"contactId":"","email":" "},[1]]}"""), false);
    assertThat(s.name()).isEqualTo("VIPs");
    assertThat(s.writeKey()).isEqualTo("wk");
    assertThat(s.members()).extracting(Candidate::field).containsExactly("contactId", "email", "userId", null, null);
    assertThat(s.members()).extracting(Candidate::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(s.members().get(3).given().toString()).isEqualTo("{\"contactId\":\"\",\"email\":\" \"}");
  }

  @Test
  void badBodiesAre400sNamingTheProblem() {
    assertThatThrownBy(() -> Payloads.snapshot(in("{\"members\":[{\"email\":}]}"), false)).isInstanceOf(IngestError.class)
        .hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
    assertThatThrownBy(() -> Payloads.snapshot(in("\"members\""), false)).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> Payloads.changes(in("{\"add\":\"a@b.co\"}"), false)).hasMessageContaining("\"add\" must be an array");
    assertThatThrownBy(() -> Payloads.cohort(in("{\"cohort_name\":\"x\",\"in_cohort\":\"maybe\",\"users\":[]}"), false))
        .hasMessageContaining("in_cohort");
    assertThatThrownBy(() -> Payloads.snapshot(in("{\"members\":[]}"), true)).hasMessageContaining("gzip");
    assertThatThrownBy(() -> Payloads.snapshot(in("{\"members\":[]} {}"), false)).isInstanceOf(IngestError.class);
  }
}
