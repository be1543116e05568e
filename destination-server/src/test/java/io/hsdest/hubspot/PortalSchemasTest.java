package io.hsdest.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The schema cache: concurrent readers share one read, a read that failed is not kept (the next reader asks HubSpot
 * again), and a failure is told to the callers only, never logged by the cache library on its own.
 */
class PortalSchemasTest {
  private static final String PROPERTIES = "{\"results\":[{\"name\":\"email\",\"type\":\"string\",\"fieldType\":\"text\"}]}";
  private final List<Promise<HubSpotResponse>> calls = new ArrayList<>();
  private final List<LogRecord> libraryLog = new CopyOnWriteArrayList<>();
  private final Logger caffeine = Logger.getLogger("com.github.benmanes.caffeine");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      libraryLog.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final HubSpotApi hubspot = new HubSpotApi() {
    @Override
    public synchronized Future<HubSpotResponse> call(HubSpotCall call) {
      Promise<HubSpotResponse> p = Promise.promise();
      calls.add(p);
      return p.future();
    }

    @Override
    public boolean live() {
      return true;
    }
  };
  private final PortalSchemas schemas = new PortalSchemas(hubspot, new Calls(ApiVersions.DEFAULT), "123456",
      Clock.systemUTC(), Duration.ofHours(1), Duration.ofMinutes(1));

  @BeforeEach
  void listen() {
    caffeine.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    caffeine.removeHandler(capture);
  }

  @Test
  void aFailedReadIsToldToEveryoneWaitingForItThenReadAgainAndNotLoggedByTheCache() throws Exception {
    Future<?> first = schemas.contacts();
    Future<?> second = schemas.contacts();
    assertThat(calls).as("concurrent readers share one read").hasSize(1);
    calls.get(0).fail(new HubSpotTransportException("properties_read: no answer from HubSpot", null));

    assertThat(first.failed()).isTrue();
    assertThat(first.cause()).isInstanceOf(HubSpotTransportException.class);
    assertThat(second.cause()).isSameAs(first.cause());

    Future<?> third = schemas.contacts();
    assertThat(calls).as("a failed read is not kept").hasSize(2);
    calls.get(1).complete(new HubSpotResponse(200, Map.of(), PROPERTIES.getBytes(StandardCharsets.UTF_8)));
    assertThat(third.succeeded()).isTrue();
    assertThat(schemas.contacts().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
        .as("a read that succeeded is kept").isSameAs(third.result());
    assertThat(calls).hasSize(2);

    assertThat(libraryLog).as("the destination says HubSpot failed; the cache library does not repeat it").isEmpty();
  }

  @Test
  void anErrorAnswerFailsTheReadWithHubSpotsErrorAndIsNotKept() {
    Future<?> read = schemas.companies();
    calls.get(0).complete(new HubSpotResponse(403, Map.of(), ("{\"status\":\"error\",\"message\":\"This app hasn't been"
        + " granted all required scopes\",\"category\":\"MISSING_SCOPES\"}").getBytes(StandardCharsets.UTF_8)));
    assertThat(read.cause()).isInstanceOf(PortalSchemas.SchemaUnavailable.class);

    schemas.companies();
    assertThat(calls).hasSize(2);
    assertThat(libraryLog).isEmpty();
  }

  @Test
  void refreshAfterAFailedReadReadsAgain() {
    schemas.events();
    calls.get(0).fail(new HubSpotTransportException("event_definitions_read: no answer from HubSpot", null));
    Future<Boolean> refreshed = schemas.refresh(PortalSchemas.Part.EVENTS);
    assertThat(calls).hasSize(2);
    calls.get(1).complete(new HubSpotResponse(200, Map.of(), "{\"results\":[]}".getBytes(StandardCharsets.UTF_8)));
    assertThat(refreshed.result()).isTrue();
    assertThat(schemas.events().succeeded()).isTrue();
    assertThat(calls).hasSize(2);
  }
}
