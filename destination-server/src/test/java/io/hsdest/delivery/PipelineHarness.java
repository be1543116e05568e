package io.hsdest.delivery;

import io.hsdest.audiences.ListDirectory;
import io.hsdest.config.DestinationSettings;
import io.hsdest.delivery.resolve.AudienceListIds;
import io.hsdest.delivery.policy.PacedHubSpotApi;
import io.hsdest.delivery.policy.RateBudgets;
import io.hsdest.delivery.policy.TokenBudget;
import io.hsdest.delivery.run.Engine;
import io.hsdest.hubspot.ApiVersions;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.ingest.TestMessages;
import io.hsdest.ingest.message.Message;
import io.hsdest.store.LocalStore;
import io.hsdest.store.LocalKeyValueStore;
import io.hsdest.testkit.SchedulerClock;
import io.hsdest.testkit.ScriptedHubSpot;
import io.hsdest.testkit.VirtualScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A destination pipe with a scripted HubSpot, in virtual time: messages in (as JSON), HubSpot calls
 * and results out. Real mapping, real delivery engine, real lanes and policies; the HubSpot side is
 * {@link ScriptedHubSpot} and the clock is a {@link VirtualScheduler}, so waits (a 10 s rate-limit
 * pause, backoffs, batch delays) take no real time and every run is the same.
 */
final class PipelineHarness implements AutoCloseable {
  final VirtualScheduler time = new VirtualScheduler();
  final ScriptedHubSpot hubspot;
  final DestinationDelivery delivery;
  final Engine.Memory memory;
  final PortalSchemas schemas;
  private final LocalStore store = LocalStore.inMemory();

  PipelineHarness(DestinationSettings settings) {
    this(settings, new ScriptedHubSpot());
  }

  PipelineHarness(DestinationSettings settings, ScriptedHubSpot hubspot) {
    this(settings, hubspot, Engine.Config.DEFAULT);
  }

  PipelineHarness(DestinationSettings settings, ScriptedHubSpot hubspot, Engine.Config config) {
    this(settings, hubspot, config, 0);
  }

  /** @param commitDelayMs how long each commit of the destination's store takes (a file's commit is not instant); 0: an in-memory store */
  PipelineHarness(DestinationSettings settings, ScriptedHubSpot hubspot, Engine.Config config, long commitDelayMs) {
    this.hubspot = hubspot;
    Calls calls = new Calls(ApiVersions.DEFAULT);
    TokenBudget budget = new RateBudgets().forToken(settings.accessToken(), settings.requestsPer10Seconds(),
        settings.searchRequestsPerSecond());
    PacedHubSpotApi paced = new PacedHubSpotApi(time, hubspot, budget);
    this.schemas = new PortalSchemas(paced, calls, settings.portalId(), new SchedulerClock(time), Duration.ofHours(1),
        Duration.ofSeconds(60));
    var lists = new AudienceListIds(new ListDirectory(paced, calls, new LocalKeyValueStore(store), settings.portalId(), new SchedulerClock(time)));
    this.delivery = DestinationDelivery.assemble(new DestinationDelivery.Parts("test", settings, time, hubspot, paced, calls, schemas,
        commitDelayMs > 0 ? slowCommits(new LocalKeyValueStore(store), commitDelayMs) : new LocalKeyValueStore(store), lists, budget,
        config, 1000, new SimpleMeterRegistry(), new SplittableRandom(7)));
    this.memory = delivery.memory();
  }

  /** A durable store whose commits complete {@code delayMs} later in virtual time. */
  private io.hsdest.store.KeyValueStore slowCommits(io.hsdest.store.KeyValueStore inner, long delayMs) {
    return new io.hsdest.store.KeyValueStore() {
      @Override
      public io.hsdest.store.KeyValueMap map(String name) {
        return inner.map(name);
      }

      @Override
      public io.vertx.core.Future<Void> commit() {
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        time.schedule(delayMs, done::complete);
        return done.future();
      }

      @Override
      public boolean durable() {
        return true;
      }
    };
  }

  /** The contact id HubSpot returns for a user is known beforehand (cache K0: u-1 -> 501). */
  PipelineHarness remember(String userId, String email, String contactId) {
    memory.ids().rememberContact(userId, email, contactId);
    return this;
  }

  List<MessageResult> deliver(String... messages) {
    return deliver(10_000, messages);
  }

  List<MessageResult> deliver(long timeoutMs, String... messages) {
    return await(delivery.pipeline().deliver(parse(messages), timeoutMs), timeoutMs + 10_000);
  }

  List<MessageResult> validate(String... messages) {
    return await(delivery.pipeline().validate(parse(messages), 10_000), 20_000);
  }

  /** Runs the virtual clock until the future completes. */
  <T> T await(Future<T> f, long maxVirtualMs) {
    time.runUntil(f::isComplete, maxVirtualMs);
    if (f.failed()) throw new AssertionError(f.cause());
    return f.result();
  }

  static List<Message> parse(String... messages) {
    List<Message> parsed = new ArrayList<>();
    for (String m : messages) parsed.add(TestMessages.parse(m));
    return parsed;
  }

  /** HubSpot writes (schema reads left out). */
  List<HubSpotCall> writes() {
    return hubspot.writes();
  }

  @Override
  public void close() {
    store.close();
  }
}
