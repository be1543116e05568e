package io.hsdest.fake;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting and stopping: on a caller's Vert.x, on its own, async, from the main's flags; Java API from threads. */
class LifecycleTest {

  private static int status(String url) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer pat-na1-TEST").build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void runsOnTheCallersVertxAndLeavesItOpen() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      FakeHubSpot fake = FakeHubSpot.startAsync(vertx, "127.0.0.1", 0, FakeConfig.defaults())
          .await();
      assertThat(fake.baseUrl()).startsWith("http://127.0.0.1:");
      assertThat(status(fake.baseUrl() + "/crm/v3/objects/contacts?limit=1")).isEqualTo(200);
      fake.close();
      assertThatThrownBy(() -> status(fake.baseUrl() + "/crm/v3/objects/contacts")).isInstanceOf(Exception.class);
      assertThat(vertx.deploymentIDs()).isEmpty();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void javaApiIsUsableFromManyThreadsWhileServing() throws Exception {
    try (FakeHubSpot fake = FakeHubSpot.start(null, 0)) {
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        int n = t;
        threads[t] = new Thread(() -> {
          for (int i = 0; i < 50; i++) {
            fake.portal().createContact(Map.of("email", "t" + n + "-" + i + "@x.com"));
          }
        });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(fake.portal().contacts()).hasSize(200);
      assertThat(fake.portal().contacts().stream().map(CrmObject::id).distinct().count()).isEqualTo(200);
      assertThatThrownBy(() -> fake.portal().createContact(Map.of("email", "t0-0@x.com")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void mainFlagsConfigureTheFake() throws Exception {
    FakeHubSpot fake = FakeHubSpotMain.launch(new String[] {"--port", "0", "--rate-limit-per-10s", "190",
        "--search-per-second", "4", "--latency-ms", "1", "--jitter-ms", "2", "--error-rate", "0.01",
        "--rate-429", "0.02", "--hang-rate", "0.001", "--seed", "7", "--allow-lifecycle-backward"});
    try {
      FakeConfig c = fake.config();
      assertThat(c.rateLimitPer10s()).isEqualTo(190);
      assertThat(c.searchPerSecond()).isEqualTo(4);
      assertThat(c.latencyMs()).isEqualTo(1);
      assertThat(c.jitterMs()).isEqualTo(2);
      assertThat(c.errorRate()).isEqualTo(0.01);
      assertThat(c.rate429()).isEqualTo(0.02);
      assertThat(c.hangRate()).isEqualTo(0.001);
      assertThat(c.seed()).isEqualTo(7);
      assertThat(c.allowLifecycleBackward()).isTrue();
    } finally {
      fake.close();
    }
    assertThatThrownBy(() -> FakeHubSpotMain.launch(new String[] {"--bogus"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> FakeHubSpotMain.launch(new String[] {"--error-rate", "lots"}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
