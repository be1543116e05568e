package io.hsdest.delivery;

import io.hsdest.store.LocalStore;
import io.hsdest.config.DestinationSettings;
import io.hsdest.hubspot.ApiVersions;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.ingest.TestMessages;
import io.hsdest.ingest.message.Message;
import io.hsdest.testkit.ScriptedHubSpot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A destination pipe with a scripted HubSpot: messages in (as JSON), HubSpot calls and results
 * out. Real mapping, real delivery engine, real timers; the HubSpot side is {@link ScriptedHubSpot}.
 */
final class PipelineHarness implements AutoCloseable {
  final Vertx vertx;
  final ScriptedHubSpot hubspot;
  final DeliveryEngine engine;
  final DestinationPipeline pipeline;
  final DiskPendingAssociations pending;
  private final LocalStore store;

  PipelineHarness(DestinationSettings settings) {
    this(settings, new ScriptedHubSpot());
  }

  PipelineHarness(DestinationSettings settings, ScriptedHubSpot hubspot) {
    this(settings, hubspot, DeliveryEngine.Config.DEFAULT);
  }

  PipelineHarness(DestinationSettings settings, ScriptedHubSpot hubspot, DeliveryEngine.Config config) {
    this.vertx = Vertx.vertx();
    this.hubspot = hubspot;
    Calls calls = new Calls(ApiVersions.DEFAULT);
    PortalSchemas schemas = new PortalSchemas(hubspot, calls, settings.portalId(), Clock.systemUTC(), Duration.ofHours(1),
        Duration.ofSeconds(60));
    this.store = LocalStore.inMemory(vertx);
    this.pending = new DiskPendingAssociations(store, "test", 1000, System::currentTimeMillis);
    var context = vertx.getOrCreateContext();
    this.engine = new DeliveryEngine("test", vertx, context, settings, hubspot, calls, schemas, pending, store, new RateBudgets(),
        config, new SimpleMeterRegistry(), System::currentTimeMillis, new SplittableRandom(7));
    this.pipeline = new DestinationPipeline("test", settings, schemas, engine, () -> new DeliveryEngine("validate", vertx,
        vertx.getOrCreateContext(), settings, new io.hsdest.hubspot.DryRunHubSpotApi(), calls, schemas,
        new UnkeptPendingAssociations(), null, new RateBudgets(), config, new SimpleMeterRegistry(), System::currentTimeMillis,
        new SplittableRandom(7)), hubspot, calls);
  }

  /** The contact id HubSpot returns for a user is known beforehand (cache K0: u-1 -> 501). */
  PipelineHarness remember(String userId, String email, String contactId) {
    engine.onContext(() -> engine.ids.rememberContact(userId, email, contactId));
    return this;
  }

  List<MessageResult> deliver(String... messages) {
    return deliver(10_000, messages);
  }

  List<MessageResult> deliver(long timeoutMs, String... messages) {
    List<Message> parsed = new ArrayList<>();
    for (String m : messages) parsed.add(TestMessages.parse(m));
    try {
      return pipeline.deliver(parsed, timeoutMs).toCompletionStage().toCompletableFuture().get(timeoutMs + 10_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  List<MessageResult> validate(String... messages) {
    List<Message> parsed = new ArrayList<>();
    for (String m : messages) parsed.add(TestMessages.parse(m));
    try {
      return pipeline.validate(parsed, 10_000).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** HubSpot writes (schema reads left out). */
  List<HubSpotCall> writes() {
    return hubspot.writes();
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    store.close();
  }
}
