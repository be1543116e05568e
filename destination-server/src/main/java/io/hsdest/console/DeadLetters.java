package io.hsdest.console;

import io.hsdest.hubspot.JsonBodies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * The dead letters of durable delivery, through the server's own admin endpoints ({@code GET /v1/dead-letters} and
 * {@code POST /v1/dead-letters/replay}, interface.md part 2), asked over this machine's loopback with the admin
 * token: the console depends only on what those endpoints answer (and says "not available" while they answer 404),
 * and their answers pass through the console's mask like everything else.
 */
final class DeadLetters {
  /** What the endpoint answered: its status and its JSON (or its text when not JSON). */
  record Answer(int status, Object body) {}

  private final HttpClient client;
  private final String host;
  private final IntSupplier port;
  private final String adminToken;

  DeadLetters(Vertx vertx, String serverHost, IntSupplier port, String adminToken) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000));
    this.host = serverHost == null || serverHost.equals("0.0.0.0") || serverHost.equals("::") || serverHost.isBlank()
        ? "127.0.0.1" : serverHost;
    this.port = port;
    this.adminToken = adminToken;
  }

  Future<Answer> list(String destinationId) {
    return call(HttpMethod.GET, "/v1/dead-letters?destination=" + enc(destinationId), 30_000);
  }

  Future<Answer> replay(String destinationId) {
    return call(HttpMethod.POST, "/v1/dead-letters/replay?destination=" + enc(destinationId), 120_000);
  }

  private Future<Answer> call(HttpMethod method, String uri, long timeoutMs) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port.getAsInt()).setURI(uri)
        .setIdleTimeout(timeoutMs);
    if (adminToken != null) options.putHeader("Authorization", "Bearer " + adminToken);
    return client.request(options)
        .compose(req -> method == HttpMethod.POST ? req.send("") : req.send())
        .compose(resp -> resp.body().map(b -> {
          Object body;
          try {
            body = JsonBodies.MAPPER.readValue(b.getBytes(), Object.class);
          } catch (java.io.IOException notJson) {
            body = b.toString(StandardCharsets.UTF_8);
          }
          return new Answer(resp.statusCode(), body);
        }));
  }

  Future<Void> close() {
    return client.close();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
