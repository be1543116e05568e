package io.hsdest.fake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** lifecyclestage moves forward only unless configured (hubspot-api.md section 7). */
class LifecycleStageTest extends FakeTestBase {

  private static String upsertStage(String stage) {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("l@x.com",
        props("lifecyclestage", stage))));
    assertThat(r.status()).isEqualTo(200);
    return r.results().getJsonObject(0).getJsonObject("properties").getString("lifecyclestage");
  }

  @Test
  void forwardMovesApplyAndBackwardMovesAreSilentlyIgnored() {
    assertThat(upsertStage("lead")).isEqualTo("lead");
    assertThat(upsertStage("customer")).isEqualTo("customer");
    assertThat(upsertStage("lead")).as("response shows the kept stage").isEqualTo("customer");
    assertThat(fake.contactBy("email", "l@x.com").orElseThrow().property("lifecyclestage")).isEqualTo("customer");
  }

  @Test
  void clearingFirstAllowsAnEarlierStage() {
    upsertStage("customer");
    assertThat(upsertStage("")).isEqualTo("");
    assertThat(upsertStage("lead")).isEqualTo("lead");
  }

  @Test
  void backwardMovesCanBeAllowed() {
    fake.configure(c -> c.withAllowLifecycleBackward(true));
    upsertStage("customer");
    assertThat(upsertStage("subscriber")).isEqualTo("subscriber");
  }

  @Test
  void unknownStageIsInvalidOption() {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput("l@x.com",
        props("lifecyclestage", "Customer"))));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("INVALID_OPTION");
  }
}
