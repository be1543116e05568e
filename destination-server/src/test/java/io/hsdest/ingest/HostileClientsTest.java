package io.hsdest.ingest;

import static io.hsdest.ingest.HostileRequests.AUTH;
import static io.hsdest.ingest.HostileRequests.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsdest.fake.FakeHubSpot;
import io.hsdest.ingest.HostileRequests.Kind;
import io.hsdest.ingest.RawExchange.Answer;
import io.hsdest.ingest.RawExchange.Outcome;
import io.hsdest.testkit.ServerHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, "hostile clients hold the door": the real server with a 2 s request-read bound takes 2,000
 * hostile requests of every kind in {@link HostileRequests} (sent to a dry-run destination, so that the
 * valid messages among them are answered at once) while 20 slow clients trickle headers or bodies and
 * then fall silent. No answer is a 5xx; every error answer is the usual JSON naming the problem; no answer
 * carries a stack trace or a secret; every slow client is cut within the bound; and afterwards the live
 * destination still delivers a normal identify to the HubSpot fake.
 */
class HostileClientsTest {
  private static final long BOUND_MS = 2_000;
  /**
   * How late a cut may come on a busy 2-core machine that also runs the hostile clients (and, on a build
   * machine, other builds): timers, scheduling, the event loop busy answering the other requests.
   */
  private static final long SLACK_MS = 3_000;
  private static final String ADMIN = "admin-token-for-hostile-test";
  private static final String LIVE_KEY = "wk-live";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeHubSpot fake;
  private static ServerHarness server;

  @BeforeAll
  static void start() {
    fake = FakeHubSpot.start(null, 0);
    server = ServerHarness.start(Map.of("HUBSPOT_BASE_URL", fake.baseUrl()), """
        {"server":{"requestReadTimeoutMs":%d,"adminToken":"%s"},
         "destinations":[{"id":"hostile","writeKeys":["%s"],"settings":{"portalId":"777"}},
          {"id":"shop","writeKeys":["%s"],"settings":{"accessToken":"%s","portalId":"123456"}}]}"""
        .formatted(BOUND_MS, ADMIN, HostileRequests.WRITE_KEY, LIVE_KEY, FakeHubSpot.DEFAULT_TOKEN));
    theServerIsHealthy("before"); // and warm: the first requests of a fresh JVM are slow
  }

  @AfterAll
  static void stop() {
    server.close();
    fake.close();
  }

  private static int port() {
    return server.server.port();
  }

  @Test
  void twoThousandHostileRequestsAndTwentySlowClientsNeitherBreakNorHoldTheServer() throws Exception {
    ExecutorService slowPool = Executors.newFixedThreadPool(20);
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<String>> slow = new ArrayList<>();
      for (int i = 0; i < 20; i++) slow.add(slowPool.submit(slowClient(i)));

      List<Kind> kinds = HostileRequests.all();
      List<Future<List<String>>> hostile = new ArrayList<>();
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (int i = 0; i < 2_000; i++) {
        Kind kind = kinds.get(i % kinds.size());
        int user = i;
        hostile.add(pool.submit(() -> {
          byte[] request = HostileRequests.forUser(kind.bytes(), user);
          Outcome o = RawExchange.send(port(), request, kind.halfClose(), kind.answers(), 15_000);
          synchronized (statuses) {
            for (Answer a : o.answers()) statuses.merge(a.status(), 1, Integer::sum);
          }
          return problems(kind, o);
        }));
      }

      List<String> problems = new ArrayList<>();
      for (Future<List<String>> f : hostile) problems.addAll(f.get(60, TimeUnit.SECONDS));
      assertThat(problems).as("answers by status: " + statuses).isEmpty();
      assertThat(statuses.keySet()).as("every kind of refusal was exercised").contains(400, 401, 404, 408, 413, 414, 415, 431);

      List<String> late = new ArrayList<>();
      for (Future<String> f : slow) {
        String problem = f.get(30, TimeUnit.SECONDS);
        if (problem != null) late.add(problem);
      }
      assertThat(late).as("slow clients not cut within " + BOUND_MS + " ms (+ " + SLACK_MS + " ms slack)").isEmpty();
    } finally {
      pool.shutdownNow();
      slowPool.shutdownNow();
    }

    String metrics = server.get("/metrics").body();
    assertThat(metrics).contains("http_connections_cut_total{reason=\"slow_request\"}")
        .contains("http_connections_cut_total{reason=\"idle\"}").contains("http_malformed_requests_total{code=\"URI_TOO_LONG\"}");
    theServerIsHealthy("after");
  }

  @Test
  void aClientTricklingItsRequestButFinishingWithinTheBoundIsServed() throws Exception {
    byte[] request = HostileRequests.post("/v1/identify", AUTH, identify("patient@example.com"));
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      int pieces = 8;
      for (int i = 0; i < pieces; i++) {
        int from = request.length * i / pieces;
        int to = request.length * (i + 1) / pieces;
        out.write(request, from, to - from);
        out.flush();
        Thread.sleep(BOUND_MS / 2 / pieces); // the client's pace, not a wait for the server
      }
      Outcome o = RawExchange.read(s.getInputStream(), 1, false);
      assertThat(o.answers()).extracting(Answer::status).containsExactly(200);
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheBound() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(ascii("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
      Outcome first = RawExchange.read(s.getInputStream(), 1, false);
      assertThat(first.answers()).extracting(Answer::status).containsExactly(200);
      long answered = System.nanoTime();

      s.setSoTimeout((int) (BOUND_MS + SLACK_MS + 5_000));
      Outcome rest = RawExchange.read(s.getInputStream(), 0, false);

      long idleMs = (System.nanoTime() - answered) / 1_000_000;
      assertThat(rest.closedByServer()).isTrue();
      assertThat(rest.answers()).as("nothing to answer: the connection was idle").isEmpty();
      assertThat(idleMs).isBetween(BOUND_MS - 200, BOUND_MS + SLACK_MS);
    }
  }

  private static void theServerIsHealthy(String when) {
    HttpResponse<String> health = server.get("/health");
    assertThat(health.statusCode()).as(when + ": " + health.body()).isEqualTo(200);
    String email = "still-served-" + when + "@example.com";
    HttpResponse<String> identify = server.post("/v1/identify", identify(email), "Authorization", ServerHarness.basic(LIVE_KEY));
    assertThat(identify.statusCode()).as(identify.body()).isEqualTo(200);
    assertThat(fake.portal().contacts()).extracting(c -> c.property("email")).contains(email);
  }

  private static String identify(String email) {
    return "{\"type\":\"identify\",\"userId\":\"" + email + "\",\"traits\":{\"email\":\"" + email + "\"}}";
  }

  /** What is wrong with the server's answers to one hostile request, if anything. */
  private static List<String> problems(Kind kind, Outcome o) {
    List<String> problems = new ArrayList<>();
    String who = kind.name() + ": ";
    if (o.answers().size() < kind.answers() && !kind.mayCloseSilently()) {
      problems.add(who + "expected " + kind.answers() + " answer(s), got " + o.answers().size()
          + (o.timedOut() ? " and the server kept the connection" : " before it closed")
          + (o.unparsed().isEmpty() ? "" : "; unparsed: " + o.unparsed().substring(0, Math.min(120, o.unparsed().length()))));
    }
    boolean head = new String(kind.bytes(), 0, Math.min(5, kind.bytes().length), StandardCharsets.ISO_8859_1).equals("HEAD ");
    for (Answer a : o.answers()) {
      String type = a.headers().getOrDefault("content-type", "");
      if (a.status() >= 500) problems.add(who + "answered " + a.status() + ": " + a.body());
      String lower = a.body().toLowerCase();
      for (String leak : List.of("exception", "\tat ", "at io.", "at java.", FakeHubSpot.DEFAULT_TOKEN.toLowerCase(), ADMIN.toLowerCase(),
          HostileRequests.WRITE_KEY.toLowerCase(), Base64.getEncoder().encodeToString((HostileRequests.WRITE_KEY + ":").getBytes()).toLowerCase())) {
        if (lower.contains(leak)) problems.add(who + "the answer shows \"" + leak + "\": " + a.body());
      }
      if (a.status() < 400) continue;
      if (type.startsWith("application/javascript") && a.status() == 404 && a.body().startsWith("/*")) {
        continue; // the snippet paths answer JavaScript, also when the write key is unknown: a <script> gets a comment
      }
      if (!type.startsWith("application/json")) problems.add(who + a.status() + " with content type \"" + type + "\"");
      if (head) continue; // a HEAD answer has no body
      try {
        JsonNode body = JSON.readTree(a.body());
        if (body == null || !body.path("success").isBoolean() || body.path("success").asBoolean()
            || body.path("error").path("code").asText().isBlank() || body.path("error").path("message").asText().isBlank()) {
          problems.add(who + a.status() + " without the JSON error: " + a.body());
        }
      } catch (IOException e) {
        problems.add(who + a.status() + " with a body that is not JSON: \"" + a.body() + "\"");
      }
    }
    return problems;
  }

  /**
   * One slow client: it trickles the request line and headers, or the body, a byte at a time, or sends
   * part of either and then nothing. Null when the server cut it within the bound (with a 408 JSON when its
   * headers had arrived), else what went wrong.
   */
  private static java.util.concurrent.Callable<String> slowClient(int i) {
    String head = "POST /v1/identify HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ServerHarness.basic(LIVE_KEY)
        + "\r\nContent-Length: 2000\r\n\r\n";
    boolean bodyStage = i % 2 == 1;
    boolean keepsTrickling = i % 4 < 2;
    String name = (keepsTrickling ? "trickles " : "stops sending ") + (bodyStage ? "the body" : "the headers") + " #" + i;
    return () -> {
      long start = System.nanoTime();
      try (Socket s = connect()) {
        s.setSoTimeout(50);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        byte[] sent = ascii(bodyStage ? head + "{\"type\":\"identify\"," : head.substring(0, 30));
        out.write(sent);
        out.flush();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        while (true) {
          long elapsed = (System.nanoTime() - start) / 1_000_000;
          if (elapsed > BOUND_MS + SLACK_MS) return name + ": still connected after " + elapsed + " ms";
          if (keepsTrickling) {
            try {
              out.write(bodyStage ? ' ' : 'X');
              out.flush();
            } catch (IOException e) {
              return cutInTime(name, start, answer, bodyStage);
            }
          }
          try {
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            if (n < 0) return cutInTime(name, start, answer, bodyStage);
            answer.write(buf, 0, n);
          } catch (SocketTimeoutException e) {
            // nothing yet: trickle on
          } catch (IOException e) {
            return cutInTime(name, start, answer, bodyStage);
          }
        }
      }
    };
  }

  private static String cutInTime(String name, long start, ByteArrayOutputStream answer, boolean bodyStage) {
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (ms < BOUND_MS - 200) return name + ": cut after " + ms + " ms, before the bound";
    if (ms > BOUND_MS + SLACK_MS) return name + ": cut only after " + ms + " ms";
    List<Answer> answers = RawExchange.parse(answer.toByteArray(), new int[1], false);
    if (!bodyStage && !answers.isEmpty()) return name + ": answered " + answers.get(0).status() + " without a request";
    // a client still writing may see the reset before the 408; when the 408 did arrive it is the JSON one
    if (bodyStage && !answers.isEmpty() && (answers.get(0).status() != 408 || !answers.get(0).body().contains("REQUEST_TIMEOUT"))) {
      return name + ": answered " + answers.get(0).status() + " " + answers.get(0).body();
    }
    return null;
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
    return s;
  }
}
