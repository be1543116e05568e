package io.hsdest.hubspot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * HubSpot over HTTP with the destination's Private App token as a Bearer header. The token lives
 * only in this object and in the header it writes; it is never logged or put in an error.
 */
public final class HttpHubSpotApi implements HubSpotApi {
  private static final Set<String> KEPT_HEADERS = Set.of(
      "retry-after", "x-hubspot-correlation-id", "x-hubspot-ratelimit-max", "x-hubspot-ratelimit-remaining",
      "x-hubspot-ratelimit-interval-milliseconds", "x-hubspot-ratelimit-daily", "x-hubspot-ratelimit-daily-remaining",
      "x-hubspot-ratelimit-secondly", "x-hubspot-ratelimit-secondly-remaining");

  private final HttpClientAgent client;
  private final String authorization;
  private final String token;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;
  private final long timeoutMs;
  private final MeterRegistry metrics;
  private final Context io;

  /**
   * @param io the context that makes the calls: writing request bodies and parsing answers happen
   *     there, not on the delivery engine's thread
   */
  public HttpHubSpotApi(Vertx vertx, Context io, String baseUrl, String token, long timeoutMs, MeterRegistry metrics) {
    this.io = io;
    URI uri = URI.create(baseUrl);
    this.ssl = "https".equalsIgnoreCase(uri.getScheme());
    this.host = uri.getHost();
    this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.authorization = "Bearer " + token;
    this.token = token;
    this.timeoutMs = timeoutMs;
    this.metrics = metrics;
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setSsl(ssl).setKeepAlive(true).setDecompressionSupported(true)
            .setConnectTimeout((int) Math.min(timeoutMs, 10_000)))
        .with(new PoolOptions().setHttp1MaxSize(32))
        .build();
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public Future<HubSpotResponse> call(HubSpotCall call) {
    if (io == null || Vertx.currentContext() == io) return send(call);
    Promise<HubSpotResponse> answer = Promise.promise();
    io.runOnContext(v -> send(call).onComplete(answer));
    return answer.future();
  }

  private Future<HubSpotResponse> send(HubSpotCall call) {
    long started = System.nanoTime();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(call.method()))
        .setHost(host).setPort(port).setSsl(ssl)
        .setURI(basePath + call.path())
        .setIdleTimeout(timeoutMs)
        .putHeader("Authorization", authorization)
        .putHeader("Accept", "application/json");
    // token introspection names the token in its body; only this object may write it there
    Object payload = call.endpoint() == Endpoint.TOKEN_INFO ? Map.of("tokenKey", token) : call.body();
    Buffer body = payload == null ? null : Buffer.buffer(JsonBodies.write(payload));
    if (body != null) options.putHeader("Content-Type", "application/json");
    return client.request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> {
          Map<String, String> headers = new HashMap<>();
          resp.headers().forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (KEPT_HEADERS.contains(name)) headers.put(name, v);
          });
          return new HubSpotResponse(resp.statusCode(), headers, b.getBytes()).withParsedBody();
        }))
        .transform(ar -> {
          String status = ar.succeeded() ? Integer.toString(ar.result().status()) : "io_error";
          Timer.builder("hubspot_request_duration").description("HubSpot API calls by endpoint and status, and how long each took")
              .tag("endpoint", call.endpoint().metricName).tag("status", status)
              .register(metrics).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          if (ar.succeeded()) return Future.succeededFuture(ar.result());
          return Future.failedFuture(new HubSpotTransportException(
              call.endpoint().metricName + ": no answer from HubSpot (" + ar.cause().getClass().getSimpleName()
                  + (ar.cause().getMessage() == null ? "" : ": " + ar.cause().getMessage()) + ")", null));
        });
  }

  public Future<Void> close() {
    return client.close();
  }
}
