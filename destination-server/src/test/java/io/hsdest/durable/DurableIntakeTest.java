package io.hsdest.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.config.DestinationSettings;
import io.hsdest.ingest.RecordedMessages;
import io.hsdest.ingest.TestMessages;
import io.hsdest.ingest.message.Message;
import io.hsdest.log.EmbeddedLog;
import io.hsdest.log.EmbeddedLogConfig;
import io.hsdest.mapping.SchemaSnapshot;
import io.hsdest.receipts.Receipts;
import io.hsdest.testkit.TestSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intake keeps what it parsed and mapped for delivery to take only where delivery reads the destination's log: with
 * Kafka, a request for a destination another instance delivers would otherwise fill the shortcut with messages never
 * read back here, and push out those that are.
 */
class DurableIntakeTest {
  private static final DestinationSettings SETTINGS = TestSettings.s0();
  private static final String IDENTIFY = "{\"type\":\"identify\",\"userId\":\"u1\",\"messageId\":\"m-%s\","
      + "\"traits\":{\"email\":\"a@example.com\"}}";

  @TempDir Path dir;
  private Vertx vertx;
  private EmbeddedLog log;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    log = EmbeddedLog.open(vertx, new EmbeddedLogConfig(dir, 1L << 30, 256 << 10, 1_000, 1_000), Clock.systemUTC())
        .await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    log.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void whatIntakeParsedIsKeptForDeliveryOnlyWhereTheDestinationIsDelivered() throws Exception {
    boolean[] here = {false};
    RecentlyRecorded recent = new RecentlyRecorded(1 << 20, System::currentTimeMillis);
    Receipts receipts = Receipts.inMemory("d", 3_600_000, 1_000, System::currentTimeMillis, new SimpleMeterRegistry());
    DurableIntake intake = new DurableIntake("d", SETTINGS, log, receipts, recent, () -> here[0], m -> SchemaSnapshot.UNKNOWN);

    Message elsewhere = TestMessages.parse(IDENTIFY.formatted("elsewhere"));
    assertThat(intake.accept(List.of(elsewhere)).await(30, TimeUnit.SECONDS).get(0).outcome()).hasToString("ACCEPTED");
    assertThat(recent.size()).as("recorded for another instance to deliver: nothing kept").isZero();

    here[0] = true;
    Message local = TestMessages.parse(IDENTIFY.formatted("here"));
    assertThat(intake.accept(List.of(local)).await(30, TimeUnit.SECONDS).get(0).outcome()).hasToString("ACCEPTED");
    assertThat(recent.size()).isEqualTo(1);
    assertThat(recent.readBack(RecordedMessages.encode(local)).message()).isSameAs(local);
  }
}
