package io.hsdest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.config.DestinationSettings;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.hubspot.PortalSchemas.Part;
import io.hsdest.hubspot.schema.ObjectSchema;
import io.hsdest.ingest.message.Message;
import io.hsdest.mapping.Mapper;
import io.hsdest.mapping.Premapped;
import io.hsdest.mapping.SchemaSnapshot;
import io.hsdest.testkit.TestSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Durable intake maps a message ahead against the schema cached then; delivery takes that plan only while the
 * schema parts the message needs are still the ones it would map against, and maps again once they were read anew.
 * A decoy plan (another person's) shows which plan was delivered.
 */
class PremappedDeliveryTest {
  private static final String ANN = """
      {"type":"identify","messageId":"m-ann","traits":{"email":"ann@example.com","plan_tier":"pro"}}""";
  private static final String BOB = """
      {"type":"identify","messageId":"m-bob","traits":{"email":"bob@example.com"}}""";

  /** The contact a write went to: its upsert key. */
  private static String sentEmail(HubSpotCall call) {
    var m = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(new String(JsonBodies.write(call.body())));
    return m.find() ? m.group(1) : "none";
  }

  @Test
  void aPlanMadeAheadIsDeliveredWhileItsSchemaHoldsAndMadeAgainOnceItWasReadAnew() {
    DestinationSettings settings = TestSettings.s0();
    try (var h = new PipelineHarness(settings)) {
      h.deliver(ANN); // reads and caches the contacts schema
      Message ann = PipelineHarness.parse(ANN).get(0);
      Message bob = PipelineHarness.parse(BOB).get(0);
      SchemaSnapshot cached = h.delivery.pipeline().cachedFor(ann);
      assertThat(cached.contacts()).isNotSameAs(ObjectSchema.UNKNOWN).isSameAs(h.schemas.cachedNow(Part.CONTACTS));
      Premapped decoy = new Premapped(Mapper.map(bob, settings, cached), settings, cached);

      int before = h.writes().size();
      h.await(h.delivery.pipeline().deliver(List.of(ann), List.of(decoy), 10_000, Arrival.NONE), 20_000);
      assertThat(h.writes().subList(before, h.writes().size())).extracting(PremappedDeliveryTest::sentEmail)
          .containsExactly("bob@example.com"); // the plan made ahead, not mapped again

      h.time.advance(2 * 3_600_000L); // the cached schema expires: the next delivery reads it anew
      before = h.writes().size();
      h.await(h.delivery.pipeline().deliver(List.of(ann), List.of(decoy), 10_000, Arrival.NONE), 20_000);
      assertThat(h.writes().subList(before, h.writes().size())).extracting(PremappedDeliveryTest::sentEmail)
          .containsExactly("ann@example.com");

      DestinationSettings other = TestSettings.s0("{\"invalidValuePolicy\":\"failEvent\"}");
      SchemaSnapshot now = h.delivery.pipeline().cachedFor(ann);
      assertThat(new Premapped(decoy.plan(), settings, now).holdsFor(settings, now, Mapper.needs(ann, settings))).isTrue();
      assertThat(new Premapped(decoy.plan(), other, now).holdsFor(settings, now, Mapper.needs(ann, settings))).isFalse();
      assertThat(new Premapped(decoy.plan(), settings, now.afterCreations()).holdsFor(settings, now, Mapper.needs(ann, settings)))
          .isFalse();
      assertThat(new Premapped(decoy.plan(), settings, SchemaSnapshot.UNKNOWN).holdsFor(settings, now, Mapper.needs(ann, settings)))
          .isFalse();
    }
  }
}
