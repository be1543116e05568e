package io.hsdest.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A stateful in-memory fake of HubSpot's public API for tests and benchmarks: CRM objects (contacts, companies),
 * properties, associations v4, custom events, lists v3, marketing email events and account info, with HubSpot's
 * status codes, headers,
 * error envelopes and rate limits, plus injectable faults. See README.md for what is faithful.
 *
 * <p>Concurrency contract: the fake serves on one Vert.x event loop and keeps its state in plain maps touched only
 * there. Every method of this class and of {@link PortalView} may be called from any thread: it runs on that loop
 * and returns copies (from a thread other than the loop it waits for the loop, so keep such calls off other busy
 * event loops on hot paths). Nothing ever blocks the fake's own loop.
 *
 * <pre>
 *   FakeHubSpot fake = FakeHubSpot.start(null, 0);          // own Vert.x, ephemeral port
 *   client.baseUrl(fake.baseUrl()).token(FakeHubSpot.DEFAULT_TOKEN);
 *   ...
 *   assertThat(fake.portal().contactBy("email", "a@x.com")).isPresent();
 *   fake.close();
 * </pre>
 */
public final class FakeHubSpot implements AutoCloseable {
  /** The seeded portal's private app token (cloud-mode.md section (c)). */
  public static final String DEFAULT_TOKEN = FakeState.DEFAULT_TOKEN;
  /** The seeded portal's id. */
  public static final long DEFAULT_PORTAL_ID = FakeState.DEFAULT_PORTAL_ID;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final FakeState state;
  private final FakeServerVerticle verticle;
  private final String deploymentId;
  private final String host;

  private FakeHubSpot(Vertx vertx, boolean ownsVertx, FakeState state, FakeServerVerticle verticle,
                      String deploymentId, String host) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.state = state;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
    this.host = host;
  }

  /** Starts on 127.0.0.1 with the default config and waits until it listens; port 0 picks a free port. */
  public static FakeHubSpot start(Vertx vertxOrNull, int port) {
    return start(vertxOrNull, port, FakeConfig.defaults());
  }

  public static FakeHubSpot start(Vertx vertxOrNull, int port, FakeConfig config) {
    try {
      return startAsync(vertxOrNull, "127.0.0.1", port, config).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("HubSpot fake failed to start on port " + port, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the HubSpot fake", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("HubSpot fake did not start within 30 s", e);
    }
  }

  /**
   * Deploys the fake on {@code vertxOrNull} (or on a Vert.x of its own, closed by {@link #close()}) and completes
   * once it listens.
   */
  public static Future<FakeHubSpot> startAsync(Vertx vertxOrNull, String host, int port, FakeConfig config) {
    boolean own = vertxOrNull == null;
    Vertx vertx = own ? Vertx.vertx() : vertxOrNull;
    FakeState state = new FakeState(config);
    FakeServerVerticle verticle = new FakeServerVerticle(state, host, port);
    return vertx.deployVerticle(verticle)
        .map(id -> new FakeHubSpot(vertx, own, state, verticle, id, host))
        .recover(err -> own ? vertx.close().transform(v -> Future.failedFuture(err)) : Future.failedFuture(err));
  }

  /** E.g. {@code http://127.0.0.1:39221}: use it as HubSpot's base URL (instead of https://api.hubapi.com). */
  public String baseUrl() {
    return "http://" + host + ":" + port();
  }

  public int port() {
    return verticle.actualPort();
  }

  /**
   * Undeploys the fake (its own Vert.x is closed instead, which undeploys it: chaining the close onto the undeploy
   * would complete on an event loop that is already gone).
   */
  public Future<Void> closeAsync() {
    return ownsVertx ? vertx.close() : vertx.undeploy(deploymentId);
  }

  @Override
  public void close() {
    try {
      closeAsync().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("HubSpot fake did not close cleanly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- configuration -------------------------------------------------------------------------------------------

  public FakeConfig config() {
    return loop().call(() -> state.config);
  }

  public void configure(FakeConfig config) {
    loop().run(() -> state.configure(config));
  }

  /** E.g. {@code fake.configure(c -> c.withRateLimitPer10s(100))}. */
  public void configure(UnaryOperator<FakeConfig> change) {
    loop().run(() -> state.configure(change.apply(state.config)));
  }

  /** Adds a token; a new portal id is seeded with the default schema, an existing one is shared. */
  public PortalView addPortal(String token, long portalId) {
    loop().run(() -> state.addPortal(token, portalId));
    return portal(portalId);
  }

  /** The token answers 401 from now on. */
  public void revokeToken(String token) {
    loop().run(() -> state.revoke(token));
  }

  /** Calls of these families with this token answer 403 MISSING_SCOPES. */
  public void denyScopes(String token, ApiFamily... families) {
    loop().run(() -> state.grant(token).denied.addAll(Arrays.asList(families)));
  }

  public void grantAllScopes(String token) {
    loop().run(() -> state.grant(token).denied.clear());
  }

  /** Queues a canned answer for the next matching calls; it wins over auth, limits, faults and state. */
  public void script(ScriptedResponse response) {
    loop().run(() -> state.scripts.add(response));
  }

  public void clearScripts() {
    loop().run(state.scripts::clear);
  }

  // ---- inspection ----------------------------------------------------------------------------------------------

  /** The seeded default portal (123456). */
  public PortalView portal() {
    return portal(DEFAULT_PORTAL_ID);
  }

  public PortalView portal(long portalId) {
    return new PortalView(state, portalId, loop());
  }

  /** Shortcut for {@code portal().contactBy(property, value)}. */
  public Optional<CrmObject> contactBy(String uniqueProperty, String value) {
    return portal().contactBy(uniqueProperty, value);
  }

  /** Shortcut for {@code portal().eventOccurrences()}. */
  public List<EventOccurrence> eventOccurrences() {
    return portal().eventOccurrences();
  }

  /** Shortcut for {@code portal().addEmailEvents(events)}: marketing email events, visible from now on. */
  public List<io.vertx.core.json.JsonObject> addEmailEvents(List<io.vertx.core.json.JsonObject> events) {
    return portal().addEmailEvents(events);
  }

  /** The most recent calls, oldest first (bodies kept for the last {@link FakeConfig#callLogCapacity()}). */
  public List<CallRecord> calls() {
    return loop().call(state.log::recent);
  }

  public CallStats stats() {
    return loop().call(state.log::stats);
  }

  /** Every 429 sent since start or reset. */
  public long tooManyRequestsSent() {
    return stats().tooManyRequests();
  }

  /** Back to the seeded default portal only, with an empty call log and no scripts; the config is kept. */
  public void reset() {
    loop().run(state::reset);
  }

  private Confinement loop() {
    return verticle.confinement;
  }
}
