package io.hsdest.emailevents;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * Sends email events to one sink in batches within the sink's limits, one request at a time, and keeps at a batch
 * until the sink has taken it: 429, 5xx and unanswered requests are tried again after a backoff that honours
 * {@code Retry-After}, for at most {@link ExportTuning#sinkMaxWaitMs()} per batch (then the send fails and the export
 * tries again at its next poll); a batch refused as a whole is sent in halves; events the sink names as invalid are
 * given up (reported as rejected) and the rest sent again. After each batch the caller is told which events are done,
 * and the next batch waits for the caller's future (the export makes them durable there), so a crash re-sends at
 * most the batch in flight.
 *
 * <p>The sink's key appears in the request only; every text that leaves this class (errors, reasons) has it masked.
 * Runs on the export's context; not thread-safe.
 */
final class SinkClient {
  /** Told after each batch: events the sink took, and events it will never take. */
  interface BatchDone {
    Future<Void> done(List<EmailEvent> accepted, List<EmailEvent> rejected);
  }

  /** The send stopped: the sink stayed unavailable ({@code SINK_UNAVAILABLE}) or refused us ({@code SINK_REFUSED}). */
  static final class SinkFailure extends RuntimeException {
    final String code;

    SinkFailure(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private record Encoded(EmailEvent event, byte[] bytes) {}

  private final Vertx vertx;
  private final SinkFormat format;
  private final String url;
  private final ExportTuning tuning;
  private final String secret;
  private final String secretAsBasic;
  private final BiConsumer<String, String> onError;
  private final SplittableRandom random = new SplittableRandom();
  private final HttpClientAgent http;

  /** @param onError told of every answer that was not a success: (reason such as {@code 503} or {@code no_answer}, text) */
  SinkClient(Vertx vertx, ExportSettings.Sink sink, SinkFormat format, ExportTuning tuning,
      BiConsumer<String, String> onError) {
    this.vertx = vertx;
    this.format = format;
    this.url = sink.url() + format.path();
    this.tuning = tuning;
    this.secret = sink.secret();
    this.secretAsBasic = Base64.getEncoder().encodeToString((sink.secret() + ":").getBytes(StandardCharsets.UTF_8));
    this.onError = onError;
    boolean ssl = "https".equalsIgnoreCase(sink.url().getScheme());
    this.http = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setSsl(ssl).setKeepAlive(true).setDecompressionSupported(true)
            .setConnectTimeout((int) Math.min(tuning.sinkTimeoutMs(), 10_000)))
        .with(new PoolOptions().setHttp1MaxSize(2))
        .build();
  }

  String kind() {
    return format.kind();
  }

  /** Sends these events in order; completes once every one was taken or rejected, or fails with a {@link SinkFailure}. */
  Future<Void> send(List<EmailEvent> events, BatchDone done) {
    List<Encoded> encoded = new ArrayList<>(events.size());
    List<EmailEvent> unsendable = new ArrayList<>();
    for (EmailEvent e : events) {
      byte[] b = format.encode(e);
      if (b == null) unsendable.add(e);
      else encoded.add(new Encoded(e, b));
    }
    Future<Void> chain = unsendable.isEmpty() ? Future.succeededFuture() : done.done(List.of(), unsendable);
    for (List<Encoded> batch : batches(encoded)) {
      chain = chain.compose(v -> sendBatch(batch, done, System.currentTimeMillis() + tuning.sinkMaxWaitMs(), 0));
    }
    return chain;
  }

  /** Consecutive batches of at most the sink's event count and body size. */
  private List<List<Encoded>> batches(List<Encoded> encoded) {
    int frame = format.body(List.of()).length();
    List<List<Encoded>> out = new ArrayList<>();
    List<Encoded> current = new ArrayList<>();
    int bytes = frame;
    for (Encoded e : encoded) {
      if (!current.isEmpty() && (current.size() == format.maxEvents() || bytes + 1 + e.bytes.length > format.maxBodyBytes())) {
        out.add(current);
        current = new ArrayList<>();
        bytes = frame;
      }
      current.add(e);
      bytes += e.bytes.length + 1;
    }
    if (!current.isEmpty()) out.add(current);
    return out;
  }

  private Future<Void> sendBatch(List<Encoded> batch, BatchDone done, long deadline, int attempt) {
    return post(batch).compose(answer -> {
      if (answer instanceof SinkAnswer.Accepted) {
        return done.done(events(batch), List.of());
      }
      if (answer instanceof SinkAnswer.RetryLater r) {
        long wait = tuning.sinkBackoff().delayMs(attempt, r.askedMs(), random.nextDouble());
        if (System.currentTimeMillis() + wait > deadline) {
          return Future.failedFuture(new SinkFailure("SINK_UNAVAILABLE", "the " + format.kind() + " sink did not take a batch for "
              + tuning.sinkMaxWaitMs() / 1000 + " s (last: " + mask(r.why()) + "); the next poll sends it again"));
        }
        Promise<Void> later = Promise.promise();
        vertx.setTimer(Math.max(1, wait), t -> sendBatch(batch, done, deadline, attempt + 1).onComplete(later));
        return later.future();
      }
      if (answer instanceof SinkAnswer.Split) {
        if (batch.size() == 1) return done.done(List.of(), events(batch));
        List<Encoded> first = batch.subList(0, batch.size() / 2);
        List<Encoded> second = batch.subList(batch.size() / 2, batch.size());
        return sendBatch(first, done, deadline, 0).compose(v -> sendBatch(second, done, deadline, 0));
      }
      if (answer instanceof SinkAnswer.RejectedEvents r) {
        List<EmailEvent> rejected = new ArrayList<>();
        List<Encoded> rest = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          if (r.indexes().contains(i)) rejected.add(batch.get(i).event);
          else rest.add(batch.get(i));
        }
        return done.done(List.of(), rejected)
            .compose(v -> rest.isEmpty() ? Future.succeededFuture() : sendBatch(rest, done, deadline, attempt));
      }
      SinkAnswer.Refused refused = (SinkAnswer.Refused) answer;
      return Future.failedFuture(new SinkFailure("SINK_REFUSED", mask(refused.why())));
    });
  }

  /** One request; every HTTP answer is a {@link SinkAnswer}, and no answer at all is one to retry. */
  private Future<SinkAnswer> post(List<Encoded> batch) {
    List<byte[]> bytes = new ArrayList<>(batch.size());
    batch.forEach(e -> bytes.add(e.bytes));
    Buffer body = format.body(bytes);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setIdleTimeout(tuning.sinkTimeoutMs())
        .putHeader("Content-Type", "application/json")
        .putHeader("User-Agent", "hubspot-destination email-events");
    format.headers().forEach(options::putHeader);
    return http.request(options)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> {
          SinkAnswer a = format.classify(resp.statusCode(), resp.getHeader("Retry-After"),
              b.toString(StandardCharsets.UTF_8), batch.size());
          if (!(a instanceof SinkAnswer.Accepted)) onError.accept(Integer.toString(resp.statusCode()), mask(whyOf(a)));
          return a;
        }))
        .recover(noAnswer -> {
          SinkAnswer a = new SinkAnswer.RetryLater(-1, "no answer (" + noAnswer.getClass().getSimpleName() + ")");
          onError.accept("no_answer", whyOf(a));
          return Future.succeededFuture(a);
        });
  }

  private static String whyOf(SinkAnswer a) {
    if (a instanceof SinkAnswer.RetryLater r) return r.why();
    if (a instanceof SinkAnswer.Split s) return s.why();
    if (a instanceof SinkAnswer.RejectedEvents r) return r.why();
    if (a instanceof SinkAnswer.Refused r) return r.why();
    return "accepted";
  }

  /** The text with the sink's key (as given, and as a Basic auth value) replaced by ***. */
  String mask(String text) {
    if (text == null) return null;
    String t = text;
    if (!secret.isEmpty()) t = t.replace(secret, "***");
    return t.replace(secretAsBasic, "***");
  }

  private static List<EmailEvent> events(List<Encoded> batch) {
    List<EmailEvent> out = new ArrayList<>(batch.size());
    batch.forEach(e -> out.add(e.event));
    return out;
  }

  /** Retry-After in seconds as milliseconds, or -1 when absent or not a number of seconds. */
  static long retryAfterMs(String header) {
    if (header == null) return -1;
    try {
      double s = Double.parseDouble(header.trim());
      return s < 0 ? -1 : (long) (s * 1000);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  Future<Void> close() {
    return http.close();
  }
}
