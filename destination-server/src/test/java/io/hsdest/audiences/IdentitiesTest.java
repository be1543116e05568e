package io.hsdest.audiences;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.audiences.Identities.Judged;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cohort's {@code user_id} means what {@code cohortIdentity} says; each unusable one gets its own reason. */
class IdentitiesTest {

  private static Judged judge(Identity cohortIdentity, String userIdProperty, Candidate... candidates) {
    return new Identities(new AudienceSettings("123456", "cdp_", cohortIdentity, true, userIdProperty, false))
        .judge(List.of(candidates));
  }

  private static Candidate user(int index, String userId) {
    return new Candidate(index, "user_id", userId, null, null, null);
  }

  @Test
  void emailsAreNormalisedAndCountedOnce() {
    Judged j = judge(Identity.EMAIL, null, user(0, " Ada@Example.COM "), user(1, "ada@example.com"), user(2, "ada@@x"),
        new Candidate(3, "user_id", "u-77", null, "ada.alt@example.com", null));
    assertThat(j.members()).extracting(Member::value).containsExactly("ada@example.com", "ada.alt@example.com");
    assertThat(j.members().get(1).field()).isEqualTo("user_properties.email");
    assertThat(j.dropped()).extracting(Dropped::reason).containsExactly("INVALID_EMAIL");
  }

  @Test
  void userIdsNeedTheUserIdProperty() {
    assertThat(judge(Identity.USER_ID, "segment_user_id", user(0, "u1")).members()).extracting(Member::identity)
        .containsExactly(Identity.USER_ID);
    Judged without = judge(Identity.USER_ID, null, user(0, "u1"));
    assertThat(without.members()).isEmpty();
    assertThat(without.dropped().get(0).reason()).isEqualTo("USER_ID_PROPERTY_NOT_SET");
  }

  @Test
  void contactIdsAreDigits() {
    Judged j = judge(Identity.CONTACT_ID, null, user(0, "51"), user(1, "51a"), user(2, "1234567890123456789"), user(3, " "));
    assertThat(j.members()).extracting(Member::value).containsExactly("51");
    assertThat(j.dropped()).extracting(Dropped::reason).containsExactly("INVALID_CONTACT_ID", "INVALID_CONTACT_ID", "NO_IDENTIFIER");
    assertThat(j.dropped()).extracting(Dropped::index).containsExactly(1, 2, 3);
  }
}
