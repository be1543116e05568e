package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One fake per test class on its own Vert.x, reset before each test, driven over real HTTP with the JDK client so
 * the tests see exactly what a HubSpot client sees on the wire.
 */
abstract class FakeTestBase {
  static final String TOKEN = FakeHubSpot.DEFAULT_TOKEN;
  static FakeHubSpot fake;
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startFake() {
    fake = FakeHubSpot.start(null, 0);
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void resetFake() {
    fake.configure(FakeConfig.defaults());
    fake.reset();
  }

  record Resp(int status, HttpResponse<String> raw) {
    JsonObject json() {
      return new JsonObject(raw.body());
    }

    JsonArray results() {
      return json().getJsonArray("results");
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String body() {
      return raw.body();
    }
  }

  static Resp get(String path) {
    return send("GET", path, null, TOKEN);
  }

  static Resp post(String path, Object body) {
    return send("POST", path, body, TOKEN);
  }

  static Resp put(String path, Object body) {
    return send("PUT", path, body, TOKEN);
  }

  static Resp patch(String path, Object body) {
    return send("PATCH", path, body, TOKEN);
  }

  /** {@code body}: a JsonObject/JsonArray, a raw String, or null. {@code token} null sends no Authorization. */
  static Resp send(String method, String path, Object body, String token) {
    return send(method, path, body, token, Duration.ofSeconds(10));
  }

  static Resp send(String method, String path, Object body, String token, Duration timeout) {
    String text = body == null ? null : body instanceof String ? (String) body : body.toString();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path)).timeout(timeout)
        .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
    if (text != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonObject inputs(JsonObject... inputs) {
    JsonArray a = new JsonArray();
    for (JsonObject i : inputs) {
      a.add(i);
    }
    return new JsonObject().put("inputs", a);
  }

  static JsonObject upsertInput(String email, JsonObject properties) {
    return new JsonObject().put("idProperty", "email").put("id", email).put("properties", properties);
  }

  static JsonObject props(Object... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      o.put((String) kv[i], kv[i + 1]);
    }
    return o;
  }

  /** Upserts one contact by email and returns its id. */
  static String upsertContact(String email, Object... kv) {
    Resp r = post("/crm/v3/objects/contacts/batch/upsert", inputs(upsertInput(email, props(kv))));
    if (r.status() != 200) {
      throw new AssertionError("upsert failed: " + r.status() + " " + r.body());
    }
    return r.results().getJsonObject(0).getString("id");
  }
}
