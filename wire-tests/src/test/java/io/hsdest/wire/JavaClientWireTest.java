package io.hsdest.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.Log;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code com.segment.analytics.java:analytics} 3.5.4, the real library, against the server: it posts with no
 * Authorization header and the write key in the body, to {@code /v1/import/} (after {@code endpoint(host)})
 * or to any {@code setUploadURL}. Its callback must report every message delivered, and HubSpot (the fake)
 * must hold the contact, the events, the company and the association.
 */
class JavaClientWireTest {
  private static WireServer server;

  @BeforeAll
  static void start() {
    server = WireServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void endpointPostsToImportWithTheWriteKeyInTheBody() throws Exception {
    Sequence s = Sequence.fresh("java-endpoint");
    Sent sent = send(Analytics.builder(WireServer.WRITE_KEY).endpoint(server.baseUrl()), s);

    assertThat(sent.exchanges).as("requests the library made").isNotEmpty()
        .allSatisfy(x -> assertThat(x.path).isEqualTo("/v1/import/"));
    assertLibrarySawSuccess(sent);
    s.assertDelivered(server.portal());
  }

  @Test
  void uploadUrlPostsToBatch() throws Exception {
    Sequence s = Sequence.fresh("java-upload-url");
    Sent sent = send(Analytics.builder(WireServer.WRITE_KEY).setUploadURL(server.baseUrl() + "/v1/batch"), s);

    assertThat(sent.exchanges).isNotEmpty().allSatisfy(x -> assertThat(x.path).isEqualTo("/v1/batch"));
    assertLibrarySawSuccess(sent);
    s.assertDelivered(server.portal());
  }

  /** An unknown write key: 401 with a JSON error, the library gives up (no retry on 4xx) and reports failure. */
  @Test
  void unknownWriteKeyIsRefusedAndTheLibraryReportsFailure() throws Exception {
    Sequence s = Sequence.fresh("java-wrong-key");
    Sent sent = send(Analytics.builder("not-a-configured-key").endpoint(server.baseUrl()), s);

    assertThat(sent.successes).isEmpty();
    assertThat(sent.failures).hasSize(4);
    assertThat(sent.exchanges).as("one attempt, not retried").hasSize(1);
    Exchange x = sent.exchanges.get(0);
    assertThat(x.status).isEqualTo(401);
    JsonObject body = new JsonObject(x.body);
    assertThat(body.getBoolean("success")).isFalse();
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo("UNKNOWN_WRITE_KEY");
    assertThat(server.portal().contactBy("email", s.email())).isEmpty();
  }

  private static void assertLibrarySawSuccess(Sent sent) {
    assertThat(sent.failures).as("Callback.failure calls (library log: %s)", sent.log).isEmpty();
    assertThat(sent.successes).as("Callback.success calls").hasSize(4);
    for (Exchange x : sent.exchanges) {
      assertThat(x.authorization).as("the Java library sends no Authorization header").isNull();
      assertThat(x.status).as("HTTP status, body %s", x.body).isEqualTo(200);
      JsonObject body = new JsonObject(x.body);
      assertThat(body.getBoolean("success")).isTrue();
      Sequence.assertAllDelivered(body.getJsonArray("results"), "POST " + x.path);
    }
  }

  record Exchange(String path, String authorization, int status, String body) {}

  record Sent(List<Exchange> exchanges, List<String> successes, List<String> failures, List<String> log) {}

  /** identify, track, page, group through the library, then flush and wait for all four callbacks. */
  private static Sent send(Analytics.Builder builder, Sequence s) throws InterruptedException {
    List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    List<String> successes = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    List<String> log = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(4);
    // A network interceptor sees the request as written (no Authorization) and reads a copy of each answer
    // (gzip-compressed on the wire: OkHttp asked for it); the library builds and sends the request.
    OkHttpClient http = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      Response r = chain.proceed(chain.request());
      byte[] raw = r.peekBody(1 << 20).bytes();
      boolean gzip = "gzip".equalsIgnoreCase(r.header("Content-Encoding"));
      exchanges.add(new Exchange(chain.request().url().encodedPath(), chain.request().header("Authorization"), r.code(),
          new String(gzip ? new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes() : raw, StandardCharsets.UTF_8)));
      return r;
    }).build();
    Analytics analytics = builder
        .client(http)
        .flushQueueSize(20)
        .retries(2)
        .log(new Log() {
          @Override
          public void print(Level level, String format, Object... args) {
            log.add(level + " " + String.format(format, args));
          }

          @Override
          public void print(Level level, Throwable error, String format, Object... args) {
            log.add(level + " " + String.format(format, args) + ": " + error);
          }
        })
        .callback(new Callback() {
          @Override
          public void success(Message message) {
            successes.add(message.type() + " " + message.messageId());
            done.countDown();
          }

          @Override
          public void failure(Message message, Throwable throwable) {
            failures.add(message.type() + " " + message.messageId() + ": " + throwable);
            done.countDown();
          }
        })
        .build();
    try {
      analytics.enqueue(IdentifyMessage.builder().userId(s.userId()).traits(s.identifyTraits()));
      analytics.enqueue(TrackMessage.builder("Order Completed").userId(s.userId()).properties(s.trackProperties()));
      analytics.enqueue(PageMessage.builder("Pricing").userId(s.userId()).category("Docs").properties(s.pageProperties()));
      analytics.enqueue(GroupMessage.builder(s.groupId()).userId(s.userId()).traits(s.groupTraits()));
      analytics.flush();
      assertThat(done.await(30, TimeUnit.SECONDS)).as("all four callbacks within 30 s (log: %s)", log).isTrue();
    } finally {
      analytics.shutdown();
    }
    return new Sent(exchanges, successes, failures, log);
  }
}
