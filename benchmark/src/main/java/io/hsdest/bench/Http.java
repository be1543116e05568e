package io.hsdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The JDK HTTP client, for control calls (the fake's /__fake API, the server's /status and /metrics). */
final class Http {
  static final HttpClient CONTROL = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .executor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "control-http");
        t.setDaemon(true);
        return t;
      }))
      .build();

  private Http() {}

  static String get(String url) throws IOException, InterruptedException {
    return get(url, Duration.ofSeconds(60));
  }

  static String get(String url, Duration timeout) throws IOException, InterruptedException {
    HttpResponse<String> r = CONTROL.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
    return r.body();
  }

  static JsonNode getJson(String url) throws IOException, InterruptedException {
    return Workload.JSON.readTree(get(url));
  }

  static JsonNode postJson(String url, String json) throws IOException, InterruptedException {
    HttpResponse<String> r = CONTROL.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) throw new IOException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
    return r.body().isEmpty() ? Workload.JSON.nullNode() : Workload.JSON.readTree(r.body());
  }
}
