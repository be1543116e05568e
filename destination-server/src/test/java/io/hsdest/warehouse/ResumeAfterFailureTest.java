package io.hsdest.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.fake.FakeHubSpot;
import io.hsdest.hubspot.ApiVersions;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HttpHubSpotApi;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run that HubSpot stops half way keeps the pages it committed, with its cursor; the next run resumes the same
 * walk after the last committed record instead of starting over, and nothing is missing at the end.
 */
class ResumeAfterFailureTest {
  Vertx vertx;
  FakeHubSpot fake;
  Path dir;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    fake = FakeHubSpot.start(null, 0);
    fake.configure(c -> c.withSearchPerSecond(0));
    dir = Files.createTempDirectory("hsdest-warehouse");
  }

  @AfterEach
  void stop() {
    fake.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** HubSpot answering 400 to every search after the first {@code allowed} ones, until {@code heal()}. */
  static final class SearchRefusedAfter implements HubSpotApi {
    final HubSpotApi api;
    final AtomicInteger searches = new AtomicInteger();
    volatile int allowed;

    SearchRefusedAfter(HubSpotApi api, int allowed) {
      this.api = api;
      this.allowed = allowed;
    }

    @Override
    public Future<HubSpotResponse> call(HubSpotCall call) {
      if (call.endpoint() == Endpoint.CRM_SEARCH && searches.incrementAndGet() > allowed) {
        return Future.succeededFuture(new HubSpotResponse(400, Map.of(), ("{\"status\":\"error\",\"message\":"
            + "\"refused for the test\",\"category\":\"VALIDATION_ERROR\"}").getBytes(StandardCharsets.UTF_8)));
      }
      return api.call(call);
    }

    @Override
    public boolean live() {
      return true;
    }
  }

  @Test
  void aFailedRunKeepsItsCommittedPagesAndTheNextRunResumesAfterThem() throws Exception {
    List<Map<String, String>> contacts = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) contacts.add(Map.of("email", "r" + i + "@example.com", "firstname", "R" + i));
    fake.portal().createRecords("contacts", contacts, System.currentTimeMillis() - 86_400_000L);
    HubSpotApi http = new HttpHubSpotApi(vertx, null, fake.baseUrl(), FakeHubSpot.DEFAULT_TOKEN, 10_000,
        new SimpleMeterRegistry());
    SearchRefusedAfter hubspot = new SearchRefusedAfter(http, 2);
    String url = "jdbc:duckdb:" + dir.resolve("resume.duckdb");
    WarehouseSettings settings = new WarehouseSettings(true, url, null, null, "hubspot", 180,
        List.of(SourceCollection.CONTACTS));
    WarehouseSync sync = new WarehouseSync(vertx, "resume", "123456", settings, hubspot,
        new Calls(ApiVersions.DEFAULT), Clock.systemUTC(), new SimpleMeterRegistry(), new Backoff(5, 50, 3));

    RunReport failed = sync.runNow().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    assertThat(failed.ok()).isFalse();
    assertThat(failed.tables().get(0).error()).contains("refused for the test");
    assertThat(rows(url)).as("the two pages read before HubSpot refused").isEqualTo(400);

    hubspot.allowed = Integer.MAX_VALUE;
    int before = hubspot.searches.get();
    RunReport resumed = sync.runNow().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    assertThat(resumed.ok()).as(resumed.toJson().toString()).isTrue();
    assertThat(resumed.tables().get(0).mode()).as("the same full walk, resumed").isEqualTo("full");
    assertThat(hubspot.searches.get() - before).as("3 pages left, not 5 from the start").isEqualTo(3);
    assertThat(rows(url)).isEqualTo(1_000);
    try (Connection c = DriverManager.getConnection(url)) {
      new TablesMatchHubSpot(c, "hubspot", fake.portal()).crmObjects("contacts", Map.of());
    }
    sync.stop(1_000).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static long rows(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        var rs = c.createStatement().executeQuery("SELECT count(*) FROM hubspot.contacts")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
