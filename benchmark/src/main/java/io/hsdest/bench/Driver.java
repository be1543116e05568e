package io.hsdest.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load, behaving like Segment clients: each batch is POSTed to /v1/batch with Basic auth; on
 * 429/503 the client waits {@code Retry-After} (on a 5xx, a connection error or a timeout, an
 * exponential backoff with jitter) and resends the very same body, until the server answers 200
 * (every message final). At most {@code concurrency} batches are outstanding at once (sent, or
 * waiting to be resent); optionally new batches start at no more than {@code batchesPerSecond},
 * the rest waiting at the source as a backlog. With a pace and a large concurrency this is an
 * open-loop overload: arrivals keep coming whatever the server answers.
 */
final class Driver {
  /** Where batches come from; null means there is nothing more to send. */
  interface Source {
    Workload.Batch next();
  }

  /** One batch's life: first send to final answer. */
  record Sent(Workload.Batch batch, long firstSendNanos, long doneNanos, int attempts, int finalStatus) {}

  /** Where batches go: one server, or several taken in turn (a batch and its resends stay on one). */
  private final List<URI> urls;
  private final java.util.concurrent.atomic.AtomicLong nextUrl = new java.util.concurrent.atomic.AtomicLong();
  private final String auth;
  private final long clientTimeoutMs;
  private final long giveUpAtNanos;
  private final HttpClient client;
  private final ExecutorService responses;
  private final ScheduledExecutorService timers;
  private final Random jitter = new Random(7);

  final List<Sent> sent = new ArrayList<>();
  final Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
  final LongAdder connectionErrors = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder messagesAcked = new LongAdder();
  final LongAdder batchesAcked = new LongAdder();
  final LongAdder batchesStarted = new LongAdder();
  final LongAdder messagesStarted = new LongAdder();
  final LongAdder requestsSent = new LongAdder();
  final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  final Map<String, LongAdder> dropReasons = new ConcurrentHashMap<>();
  final Map<String, LongAdder> warningCodes = new ConcurrentHashMap<>();
  final Deque<String> errorSamples = new ArrayDeque<>();
  volatile long startNanos;
  volatile long endNanos;
  private volatile boolean stopped;

  Driver(String serverUrl, long clientTimeoutMs, long giveUpAfterMs) {
    this(List.of(serverUrl), DestinationServer.WRITE_KEY, clientTimeoutMs, giveUpAfterMs);
  }

  /** Batches go to {@code serverUrls} round-robin, like clients behind a load balancer, for the destination of {@code writeKey}. */
  Driver(List<String> serverUrls, String writeKey, long clientTimeoutMs, long giveUpAfterMs) {
    this.urls = serverUrls.stream().map(u -> URI.create(u + "/v1/batch")).toList();
    this.auth = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    this.clientTimeoutMs = clientTimeoutMs;
    this.giveUpAtNanos = System.nanoTime() + giveUpAfterMs * 1_000_000L;
    this.responses = Executors.newFixedThreadPool(2, daemon("driver-http"));
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("driver-retry"));
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .executor(responses).build();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops starting new batches (outstanding ones still finish). */
  void stop() {
    stopped = true;
  }

  /**
   * Sends everything the source gives, then waits until every batch is answered 200 or given up.
   *
   * @param concurrency batches outstanding at once (the number of concurrent senders)
   * @param batchesPerSecond pace of new batches, or 0 for as fast as the concurrency allows
   */
  void run(Source source, int concurrency, double batchesPerSecond) throws InterruptedException {
    Semaphore permits = new Semaphore(concurrency);
    startNanos = System.nanoTime();
    long interval = batchesPerSecond > 0 ? (long) (1e9 / batchesPerSecond) : 0;
    long next = startNanos;
    while (!stopped) {
      if (interval > 0) {
        long wait = next - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        next += interval;
      }
      permits.acquire();
      if (interval > 0 && System.nanoTime() - next > 1_000_000_000L) next = System.nanoTime(); // no banked slots
      Workload.Batch b = stopped ? null : source.next();
      if (b == null) {
        permits.release();
        break;
      }
      batchesStarted.increment();
      messagesStarted.add(b.messages());
      new Delivery(b, permits).attempt();
    }
    permits.acquire(concurrency);
    endNanos = System.nanoTime();
  }

  void close() {
    timers.shutdownNow();
    responses.shutdownNow();
  }

  /** One batch, sent until it is final. */
  private final class Delivery {
    final Workload.Batch batch;
    final Semaphore permits;
    /** The server this batch goes to; with several, a connection error or timeout moves it to the next (as a load balancer would). */
    int target;
    HttpRequest request;
    long first;
    int attempts;
    int backoffStep;

    Delivery(Workload.Batch batch, Semaphore permits) {
      this.batch = batch;
      this.permits = permits;
      this.target = (int) (nextUrl.getAndIncrement() % urls.size());
      this.request = request(urls.get(target));
    }

    private HttpRequest request(URI url) {
      return HttpRequest.newBuilder(url).timeout(Duration.ofMillis(clientTimeoutMs))
          .header("Authorization", auth).header("Content-Type", "application/json")
          .header("User-Agent", "hsdest-benchmark (behaves like analytics-node)")
          .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body())).build();
    }

    void attempt() {
      if (attempts == 0) first = System.nanoTime();
      attempts++;
      requestsSent.increment();
      client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, ex) -> {
        try {
          answered(r, ex);
        } catch (RuntimeException e) {
          sample("driver error: " + e);
          finish(-2);
        }
      });
    }

    private void answered(HttpResponse<byte[]> r, Throwable ex) {
      long waitMs;
      if (ex != null) {
        Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof java.net.http.HttpTimeoutException) timeouts.increment();
        else connectionErrors.increment();
        waitMs = backoff(++backoffStep);
        if (urls.size() > 1) {
          target = (target + 1) % urls.size();
          request = request(urls.get(target));
        }
      } else {
        int status = r.statusCode();
        answers.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status == 200) {
          countOutcomes(r.body());
          messagesAcked.add(batch.messages());
          batchesAcked.increment();
          finish(200);
          return;
        }
        if (status == 429 || status == 503) {
          waitMs = retryAfterMs(r.headers().firstValue("Retry-After").orElse(null));
        } else if (status >= 500) {
          waitMs = backoff(++backoffStep);
        } else {
          sample("HTTP " + status + " for batch " + batch.round() + "/" + batch.index() + ": "
              + new String(r.body(), StandardCharsets.UTF_8).substring(0, Math.min(300, r.body().length)));
          finish(status); // any other 4xx is not retryable (and a bug in this workload or in the server)
          return;
        }
      }
      if (System.nanoTime() + waitMs * 1_000_000L > giveUpAtNanos) {
        sample("gave up on batch " + batch.round() + "/" + batch.index() + " after " + attempts + " attempts");
        finish(-1);
        return;
      }
      timers.schedule(this::attempt, waitMs, TimeUnit.MILLISECONDS);
    }

    private void finish(int status) {
      synchronized (sent) {
        sent.add(new Sent(batch, first, System.nanoTime(), attempts, status));
      }
      permits.release();
    }
  }

  /** Retry-After in seconds (as the server sends it), capped at a minute; 1 s when absent. */
  private static long retryAfterMs(String header) {
    if (header == null) return 1_000;
    try {
      return Math.min(60_000, Math.max(0, (long) (Double.parseDouble(header.trim()) * 1000)));
    } catch (NumberFormatException e) {
      return 1_000;
    }
  }

  /** Like the Segment libraries: exponential from 100 ms, capped at 5 s, with jitter. */
  private long backoff(int step) {
    long ceiling = Math.min(5_000, 100L << Math.min(10, step));
    double r;
    synchronized (jitter) {
      r = jitter.nextDouble();
    }
    return ceiling / 2 + (long) (r * ceiling / 2);
  }

  /** Counts outcomes, drop reasons and warning codes of a 200 body with a streaming parser (cheap at 20,000 msg/s). */
  private void countOutcomes(byte[] body) {
    try (com.fasterxml.jackson.core.JsonParser p = Workload.JSON.getFactory().createParser(body)) {
      String outcome = null;
      com.fasterxml.jackson.core.JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != com.fasterxml.jackson.core.JsonToken.FIELD_NAME) continue;
        String field = p.currentName();
        if (field.equals("outcome")) {
          p.nextToken();
          outcome = p.getText();
          outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        } else if (field.equals("reason") && ("DROPPED".equals(outcome) || "SKIPPED".equals(outcome))) {
          p.nextToken();
          dropReasons.computeIfAbsent(p.getText(), k -> new LongAdder()).increment();
        } else if (field.equals("code")) {
          p.nextToken();
          warningCodes.computeIfAbsent(p.getText(), k -> new LongAdder()).increment();
        }
      }
    } catch (Exception e) {
      sample("unreadable 200 body: " + e);
    }
  }

  private void sample(String s) {
    synchronized (errorSamples) {
      if (errorSamples.size() < 10) errorSamples.add(s);
    }
  }

  long answered(int status) {
    LongAdder a = answers.get(status);
    return a == null ? 0 : a.sum();
  }

  static Map<String, Long> snapshot(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Batches that ended without their 200. */
  long unacknowledged() {
    synchronized (sent) {
      return sent.stream().filter(s -> s.finalStatus() != 200).count();
    }
  }

  /** Per-batch end-to-end latencies in ms (first send to the 200), of batches acknowledged in [fromNanos, toNanos). */
  long[] latenciesMs(long fromNanos, long toNanos) {
    synchronized (sent) {
      return sent.stream().filter(s -> s.finalStatus() == 200 && s.doneNanos() >= fromNanos && s.doneNanos() < toNanos)
          .mapToLong(s -> (s.doneNanos() - s.firstSendNanos()) / 1_000_000).sorted().toArray();
    }
  }

  /** Messages acknowledged with 200 in [fromNanos, toNanos). */
  long messagesAckedBetween(long fromNanos, long toNanos) {
    synchronized (sent) {
      return sent.stream().filter(s -> s.finalStatus() == 200 && s.doneNanos() >= fromNanos && s.doneNanos() < toNanos)
          .mapToLong(s -> s.batch().messages()).sum();
    }
  }

  /** Companies met for the first time in batches acknowledged in [fromNanos, toNanos). */
  long newCompaniesAckedBetween(long fromNanos, long toNanos) {
    synchronized (sent) {
      return sent.stream().filter(s -> s.finalStatus() == 200 && s.doneNanos() >= fromNanos && s.doneNanos() < toNanos)
          .mapToLong(s -> s.batch().newCompanies()).sum();
    }
  }

  /** When the last 200 arrived (nanoTime), or the start. */
  long lastAckNanos() {
    synchronized (sent) {
      return sent.stream().filter(s -> s.finalStatus() == 200).mapToLong(Sent::doneNanos).max().orElse(startNanos);
    }
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) return -1;
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
