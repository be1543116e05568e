package io.hsdest.delivery;

import io.hsdest.store.LocalStore;
import io.hsdest.config.DestinationSettings;
import io.hsdest.delivery.MessageResult.CallRecord;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.Endpoint.RateClass;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotError;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.hubspot.PortalSchemas;
import io.hsdest.mapping.Plan;
import io.hsdest.mapping.Step;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the plans of one destination (one HubSpot portal and token): admits requests, runs
 * each plan's operations in dependency order through the lanes, spends the rate budget, reacts to
 * HubSpot's answers, and answers each request with one result per message. See the package doc
 * for the concurrency and failure contract; everything here runs on {@link #context}.
 */
public final class DeliveryEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

  /**
   * @param maxInFlight HubSpot calls in flight at once for this portal
   * @param maxQueuedOperations operations admitted but not finished; more is answered 429
   * @param authProbeIntervalMs how often a refused token is tried again
   */
  public record Config(int maxInFlight, int maxQueuedOperations, long authProbeIntervalMs) {
    public static final Config DEFAULT = new Config(16, 100_000, 60_000);
  }

  final String destinationId;
  final DestinationSettings settings;
  final HubSpotApi api;
  /** For calls outside the lanes (token probe, list lookups): they wait for the same budget. */
  final HubSpotApi paced;
  final Calls calls;
  final PortalSchemas schemas;
  final ContactIds ids;
  final Watermarks watermarks;
  final PendingAssociations pendingAssociations;
  final Lanes lanes;
  final Feeders feeders = new Feeders();
  private final LocalStore store;
  private final Vertx vertx;
  private final Context context;
  private final Config config;
  private final PortalStanding standing;
  private final LongSupplier clock;
  private final RandomGenerator random;
  private final Map<String, List<OpTask>> contactWritesByUser = new HashMap<>();
  private final Set<RequestWork> active = new HashSet<>();
  private final Counter received429;
  private final Counter retries;
  private int inFlight;
  private int queuedOps;
  /** Queued contact and company writes: the operations that spend the ten-secondly budget. */
  private int countedOps;
  private boolean draining;
  /** Set when a request was refused for load: until then, the next ones are refused before any work. */
  private volatile Pending busy;
  private volatile long busyUntil;
  private boolean pumpScheduled;
  private long wakeTimer = -1;
  private long wakeAt = Long.MAX_VALUE;

  /**
   * @param store where what a 200 promised is kept across crashes (ids, watermarks); null for a
   *     validation engine, which promises nothing
   */
  public DeliveryEngine(String destinationId, Vertx vertx, Context context, DestinationSettings settings, HubSpotApi api,
      Calls calls, PortalSchemas schemas, PendingAssociations pendingAssociations, LocalStore store, RateBudgets budgets,
      Config config, MeterRegistry metrics, LongSupplier clock, RandomGenerator random) {
    this.destinationId = destinationId;
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.api = api;
    this.calls = calls;
    this.schemas = schemas;
    this.pendingAssociations = pendingAssociations;
    this.config = config;
    this.clock = clock;
    this.random = random;
    this.store = store;
    this.ids = new ContactIds(1_000_000, store == null ? null : store.map("ids:" + destinationId));
    this.watermarks = new Watermarks(500_000, store == null ? null : store.map("watermarks:" + destinationId));
    this.paced = new PacedHubSpotApi(vertx, api, budgets, settings.accessToken(), settings.requestsPer10Seconds(),
        settings.searchRequestsPerSecond());
    this.standing = new PortalStanding(budgets.tenSecondly(settings.accessToken(), settings.requestsPer10Seconds()),
        budgets.search(settings.accessToken(), settings.searchRequestsPerSecond()));
    this.lanes = new Lanes(this);
    this.received429 = Counter.builder("hubspot_rate_limited").description("429 answers received from HubSpot")
        .tag("destination", destinationId).register(metrics);
    this.retries = Counter.builder("delivery_retries").description("HubSpot inputs scheduled for another attempt")
        .tag("destination", destinationId).register(metrics);
    metrics.gauge("delivery_queued_operations", List.of(io.micrometer.core.instrument.Tag.of("destination", destinationId)),
        this, e -> e.queuedOps);
  }

  // ---------------------------------------------------------------- the public face

  /**
   * Delivers the plans of one client request. The future completes (on the caller's context) once
   * every message is final, or at {@code timeoutMs} with the unfinished ones marked not final.
   */
  public Future<List<MessageResult>> deliver(List<Plan> plans, long timeoutMs) {
    Context caller = Vertx.currentContext();
    Promise<List<MessageResult>> promise = Promise.promise();
    Consumer<List<MessageResult>> answer = results -> {
      if (caller == null || caller == Vertx.currentContext()) promise.complete(results);
      else caller.runOnContext(v -> promise.complete(results));
    };
    onContext(() -> admit(plans, timeoutMs, answer));
    return promise.future();
  }

  /** Stops admitting, sends what is queued without waiting for fuller batches, and answers the rest not final. */
  public Future<Void> drain(long graceMs) {
    Promise<Void> done = Promise.promise();
    onContext(() -> {
      draining = true;
      schedulePump();
      long deadline = clock.getAsLong() + graceMs;
      awaitIdle(deadline, done);
    });
    return done.future();
  }

  /** For health and metrics: how much is waiting and whether HubSpot is refusing us. */
  public Future<Map<String, Object>> status() {
    Promise<Map<String, Object>> p = Promise.promise();
    onContext(() -> {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("queuedOperations", queuedOps);
      s.put("inFlightCalls", inFlight);
      s.put("activeRequests", active.size());
      s.put("rateLimitPer10s", standing.limitPerInterval());
      s.put("held", standing.held());
      s.put("pausedUntil", standing.pausedUntil() > clock.getAsLong() ? Instant.ofEpochMilli(standing.pausedUntil()).toString() : null);
      s.put("pendingAssociations", pendingAssociations == null ? 0 : pendingAssociations.size());
      p.complete(s);
    });
    return p.future();
  }

  /**
   * Loads what the local store kept (ids and watermarks) and makes the pending associations whose
   * contact is known already: after a crash, nothing promised waits for an identify that came before.
   */
  public Future<Void> restore() {
    if (store == null) return Future.succeededFuture();
    long now = clock.getAsLong();
    return vertx.executeBlocking(() -> {
      ids.restore();
      watermarks.restore(now);
      return pendingAssociations instanceof DiskPendingAssociations d ? d.all() : List.<PendingAssociations.Entry>of();
    }).compose(entries -> {
      Promise<Void> done = Promise.promise();
      onContext(() -> {
        java.util.Set<String> users = new java.util.HashSet<>();
        for (PendingAssociations.Entry e : entries) users.add(e.userId());
        for (String user : users) {
          String contact = ids.contactByUser(user);
          if (contact != null) lanes.contactKnown(user, contact);
        }
        done.complete();
      });
      return done.future();
    });
  }

  /**
   * Whether requests are being refused for load right now (any thread may ask): intake then answers
   * 429/503 without parsing and mapping a request only to refuse it. Null when not.
   */
  public Pending busy() {
    Pending b = busy;
    return b != null && clock.getAsLong() < busyUntil ? b : null;
  }

  /** How long a pending association waits for its contact before it expires. */
  public void pendingAssociationTtlMs(long ttlMs) {
    lanes.pendingAssociationTtlMs = ttlMs;
  }

  public PendingAssociations pendingAssociations() {
    return pendingAssociations;
  }

  // ---------------------------------------------------------------- admission

  private void admit(List<Plan> plans, long timeoutMs, Consumer<List<MessageResult>> answer) {
    RequestWork[] holder = new RequestWork[1];
    RequestWork request = new RequestWork(results -> {
      active.remove(holder[0]);
      if (holder[0].timerId >= 0) vertx.cancelTimer(holder[0].timerId);
      // what HubSpot accepted for this request is on disk before the client hears about it
      if (store != null && store.onDisk()) store.commit().onComplete(ar -> answer.accept(results));
      else answer.accept(results);
    });
    holder[0] = request;
    request.admittedAt = clock.getAsLong();
    if (plans.isEmpty()) {
      answer.accept(List.of());
      return;
    }
    int operations = 0;
    for (int i = 0; i < plans.size(); i++) {
      request.add(new MessageWork(plans.get(i), request, i));
      operations += plans.get(i).steps().size();
    }
    int counted = 0;
    int searches = 0;
    for (Plan p : plans) {
      for (Step step : p.steps()) {
        if (spendsBudget(step.op())) counted++;
        if (step.op() instanceof io.hsdest.mapping.op.CompanyWrite c && lanes.needsAdoptionSearch(c)) searches++;
      }
    }
    Pending refusal = refusal(operations, counted, searches, timeoutMs);
    if (refusal != null && operations > 0) {
      busy = refusal;
      busyUntil = clock.getAsLong() + Math.min(500, refusal.retryAfterMs());
      for (MessageWork m : request.messages) {
        if (m.plan.terminal() != null) m.finishTerminal();
        else m.notFinal(refusal);
      }
      return;
    }
    active.add(request);
    List<MessageWork> toStart = new ArrayList<>();
    for (MessageWork m : request.messages) {
      if (m.plan.terminal() == null) {
        createTasks(m);
        toStart.add(m);
      }
    }
    request.timerId = vertx.setTimer(Math.max(1, timeoutMs), id -> expire(request));
    for (MessageWork m : request.messages) if (m.plan.terminal() != null) m.finishTerminal();
    for (MessageWork m : toStart) {
      for (OpTask t : m.tasks) if (t.unmetDependencies == 0 && t.state == OpTask.State.WAITING) activate(t);
    }
    schedulePump();
  }

  /** Why a request cannot be taken now, or null. */
  private Pending refusal(int operations, int counted, int searches, long timeoutMs) {
    long now = clock.getAsLong();
    if (draining) return new Pending(Pending.Kind.UNAVAILABLE, 5_000, "the server is shutting down");
    Pending standingRefusal = standing.refusal(now);
    if (standingRefusal != null) return standingRefusal;
    if (queuedOps + operations > config.maxQueuedOperations()) {
      return new Pending(Pending.Kind.RATE_LIMITED, Math.max(1_000, standing.estimatedWaitMs(calls(countedOps), now)),
          "more than maxQueuedOperations (" + config.maxQueuedOperations() + ") operations are waiting for HubSpot");
    }
    // taken only if its writes, behind those already waiting, can be sent well within the request's
    // time: a request taken and then timed out spends budget on work the client will send again
    long wait = standing.estimatedWaitMs(calls(countedOps + counted), now);
    if (searches > 0) {
      // new groups also wait for the search API, which allows only a few calls a second
      int perSearch = CompanyAdoptionLane.GROUPS_PER_SEARCH / 2; // what typical ids and domains fit in a body
      long searchCalls = (lanes.waitingForAdoptionSearch() + searches + perSearch - 1) / perSearch;
      wait = Math.max(wait, searchCalls * 1000L / Math.max(1, settings.searchRequestsPerSecond()));
    }
    if (wait > timeoutMs / 2) {
      return new Pending(Pending.Kind.RATE_LIMITED, Math.max(1_000, wait - timeoutMs / 2), "HubSpot's rate limit for this token ("
          + standing.limitPerInterval() + " calls per " + standing.intervalMs() / 1000 + " s) is spent for the next " + (wait / 1000) + " s");
    }
    return null;
  }

  /** The fewest batch calls for this many writes. */
  private static int calls(int writes) {
    return (writes + 99) / 100;
  }

  /** Contact and company writes spend the ten-secondly budget; events, associations and searches do not. */
  private static boolean spendsBudget(Operation op) {
    return op instanceof ContactWrite || op instanceof io.hsdest.mapping.op.CompanyWrite;
  }

  /** An operation is admitted: it counts until it is done or withdrawn. */
  private void track(OpTask t) {
    queuedOps++;
    if (spendsBudget(t.op)) {
      t.counted = true;
      countedOps++;
    }
  }

  private void untrack(OpTask t) {
    queuedOps--;
    if (t.counted) countedOps--;
    unregister(t);
    feeders.end(t);
  }

  private void createTasks(MessageWork m) {
    List<Step> steps = m.plan.steps();
    for (Step s : steps) {
      OpTask t = new OpTask(m, s.op(), s.primary());
      m.tasks.add(t);
      m.remaining++;
      track(t);
    }
    for (int i = 0; i < steps.size(); i++) {
      OpTask t = m.tasks.get(i);
      for (int after : steps.get(i).after()) {
        OpTask dep = m.tasks.get(after);
        t.prerequisites.add(dep);
        link(dep, t);
      }
      if (!(t.op instanceof ContactWrite)) {
        for (String key : userKeys(t.op)) {
          for (OpTask cw : contactWritesByUser.getOrDefault(key, List.of())) {
            if (cw.message != m && !cw.dependents.contains(t)) link(cw, t);
          }
        }
      }
    }
    for (OpTask t : m.tasks) {
      if (t.op instanceof ContactWrite) register(t);
      if (t.unmetDependencies > 0) feeders.start(t, Feeders.categoryOf(t.op));
    }
  }

  private static void link(OpTask dependency, OpTask dependent) {
    if (!dependency.live()) return;
    dependency.dependents.add(dependent);
    dependent.unmetDependencies++;
  }

  private void register(OpTask contactWrite) {
    for (String key : userKeys(contactWrite.op)) contactWritesByUser.computeIfAbsent(key, k -> new ArrayList<>(2)).add(contactWrite);
  }

  private void unregister(OpTask task) {
    if (!(task.op instanceof ContactWrite)) return;
    for (String key : userKeys(task.op)) {
      List<OpTask> list = contactWritesByUser.get(key);
      if (list != null && list.remove(task) && list.isEmpty()) contactWritesByUser.remove(key);
    }
  }

  /** A user's contact writes are registered under the userId and under the email. */
  private static List<String> userKeys(Operation op) {
    List<String> keys = new ArrayList<>(2);
    String userId = null;
    String email = null;
    if (op instanceof ContactWrite cw) {
      userId = cw.userId();
      email = cw.email();
    } else if (op instanceof io.hsdest.mapping.op.EventSend e) {
      userId = e.userId();
      email = e.email();
    } else if (op instanceof io.hsdest.mapping.op.Association a) {
      userId = a.contact().userId();
      email = a.contact().email();
    } else if (op instanceof io.hsdest.mapping.op.ListMembership l) {
      userId = l.contact().userId();
      email = l.contact().email();
    }
    if (userId != null) keys.add("u:" + userId);
    if (email != null) keys.add("e:" + email);
    return keys;
  }

  /** All its dependencies are done: send the operation to its lane (or settle it at once). */
  void activate(OpTask t) {
    if (!t.live()) return;
    lanes.route(t, clock.getAsLong());
    schedulePump();
  }

  /** Adds internal work that belongs to no client message (a follow-up or a delayed association). */
  void startInternal(OpTask t) {
    track(t);
    activate(t);
  }

  /** Adds a follow-up operation to a message still in progress (it finishes after the follow-up). */
  OpTask followUp(OpTask of, Operation op) {
    MessageWork m = of.message;
    OpTask f = new OpTask(m != null && !m.finished() ? m : null, op, of.primary);
    f.followUp = true;
    if (f.message != null) {
      m.tasks.add(f);
      m.remaining++;
    }
    track(f);
    return f;
  }

  // ---------------------------------------------------------------- settling operations

  void complete(OpTask t, List<Warning> warnings, String recordId) {
    if (!t.live()) return;
    t.state = OpTask.State.DONE;
    t.recordId = recordId;
    untrack(t);
    if (t.pendingEntry != null) pendingAssociations.remove(t.pendingEntry); // the promise is kept
    List<Warning> all = t.extraWarnings.isEmpty() ? warnings : concat(t.extraWarnings, warnings);
    if (t.message != null && !t.message.finished()) t.message.succeeded(all);
    release(t);
  }

  void fail(OpTask t, String reason, String detail) {
    if (!t.live()) return;
    t.state = OpTask.State.DONE;
    untrack(t);
    if (t.message != null && !t.message.finished()) {
      t.message.warnings.addAll(t.extraWarnings);
      t.message.failed(t.primary, reason, detail);
    } else if (t.message == null) {
      LOG.warn("destination {}: background {} failed: {} ({})", destinationId, t.op.getClass().getSimpleName(), reason, detail);
      // a promise that can never be kept (the company or contact is gone) is not retried forever
      if (t.pendingEntry != null) pendingAssociations.remove(t.pendingEntry);
    }
    release(t);
  }

  private void release(OpTask t) {
    for (OpTask d : t.dependents) {
      if (d.live() && --d.unmetDependencies == 0) activate(d);
    }
  }

  /** A message could not be finished in time (or HubSpot holds us off): withdraw what it still has queued. */
  private void expire(RequestWork request) {
    if (request.answered) return;
    long now = clock.getAsLong();
    Lane refused = refusedLaneOf(request);
    Pending pending = refused != null
        ? new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, refused.pausedUntil - now), refused.refusedWhy)
        : standing.pendingNow(now);
    for (MessageWork m : request.messages) {
      if (m.finished()) continue;
      withdraw(m);
      m.notFinal(pending);
    }
  }

  private void withdraw(MessageWork m) {
    for (OpTask t : m.tasks) {
      if (!t.live()) continue;
      if (t.state == OpTask.State.QUEUED && t.input != null) t.input.lane.withdraw(t);
      t.state = OpTask.State.WITHDRAWN;
      untrack(t);
    }
    for (OpTask t : m.tasks) release(t);
  }

  // ---------------------------------------------------------------- sending

  /** Pumps once the current task is over: never re-entered from inside a pump or an answer. */
  void schedulePump() {
    if (pumpScheduled) return;
    pumpScheduled = true;
    context.runOnContext(v -> {
      pumpScheduled = false;
      pump();
    });
  }

  private void pump() {
    long now = clock.getAsLong();
    long linger = draining ? 0 : settings.maxBatchDelayMs();
    long next = Long.MAX_VALUE;
    boolean progress = true;
    while (progress && inFlight < config.maxInFlight()) {
      progress = false;
      for (Lane lane : new ArrayList<>(lanes.all())) {
        if (inFlight >= config.maxInFlight()) break;
        if (lane.isEmpty()) continue;
        if (!lane.due(now, linger, feeders)) {
          next = Math.min(next, lane.nextDue(now, linger, feeders));
          continue;
        }
        long wait = standing.acquire(lane.kind.endpoint().rateClass, now);
        if (wait > 0) {
          next = Math.min(next, now + wait);
          continue;
        }
        List<Input> batch = lane.take(now);
        if (batch.isEmpty()) {
          standing.cancel(lane.kind.endpoint().rateClass);
          continue;
        }
        send(lane, batch);
        progress = true;
      }
    }
    if (inFlight >= config.maxInFlight()) return; // an answer will pump again
    wakeAt(next);
  }

  private void wakeAt(long at) {
    if (at == Long.MAX_VALUE || at >= wakeAt && wakeTimer >= 0) return;
    if (wakeTimer >= 0) vertx.cancelTimer(wakeTimer);
    wakeAt = at;
    long delay = Math.max(1, at - clock.getAsLong());
    wakeTimer = vertx.setTimer(delay, id -> {
      wakeTimer = -1;
      wakeAt = Long.MAX_VALUE;
      pump();
    });
  }

  private void send(Lane lane, List<Input> batch) {
    inFlight++;
    for (Input in : batch) for (OpTask t : in.members) if (t.live()) t.state = OpTask.State.SENT;
    HubSpotCall call;
    try {
      call = lane.kind.call(batch, this);
    } catch (RuntimeException e) {
      inFlight--;
      LOG.error("destination {}: cannot build a {} call", destinationId, lane.key, e);
      for (Input in : batch) settleFailed(in, "INTERNAL_ERROR", "the HubSpot request could not be built");
      return;
    }
    // answers are always handled in a task of their own, even when the client answers at once (dry-run)
    api.call(call).onComplete(ar -> context.runOnContext(v -> answered(lane, batch, call, ar)));
  }

  private void answered(Lane lane, List<Input> batch, HubSpotCall call, AsyncResult<HubSpotResponse> ar) {
    inFlight--;
    long now = clock.getAsLong();
    RateClass rateClass = lane.kind.endpoint().rateClass;
    HubSpotResponse r = ar.succeeded() ? ar.result() : null;
    long dailyLeft = standing.answered(rateClass, now, r);
    if (dailyLeft >= 0) LOG.warn("destination {}: less than 1% of HubSpot's daily API limit is left ({} calls)", destinationId, dailyLeft);
    recordCall(batch, call, r);
    if (r == null) {
      retryAll(batch, now, ar.cause().getMessage(), 0);
    } else {
      int status = r.status();
      HubSpotError.Kind kind = r.isSuccess() ? null : HubSpotError.of(r).kind();
      if (kind != HubSpotError.Kind.TRANSIENT) standing.reached();
      if (r.isSuccess()) lane.refusedWhy = null;
      if (kind == HubSpotError.Kind.RATE_LIMITED) rateLimited(lane, batch, HubSpotError.of(r), now);
      else if (kind == HubSpotError.Kind.LOCKED) {
        for (Input in : batch) retry(in, Math.max(RetryPolicy.LOCKED_MS, HubSpotError.of(r).retryAfterMs()), "record locked");
      } else if (kind == HubSpotError.Kind.MIGRATING) {
        long wait = standing.migrating(HubSpotError.of(r), now);
        LOG.warn("destination {}: HubSpot is migrating the portal (477); pausing {} s", destinationId, wait / 1000);
        for (Input in : batch) requeue(in, now + wait);
      } else if (kind == HubSpotError.Kind.AUTH) {
        hold(HubSpotError.of(r), batch);
      } else if (kind == HubSpotError.Kind.FORBIDDEN) {
        forbid(lane, HubSpotError.of(r), batch);
      } else if (kind == HubSpotError.Kind.TRANSIENT) {
        HubSpotError e = HubSpotError.of(r);
        retryAll(batch, now, e.describe(), e.retryAfterMs());
      } else {
        try {
          lane.kind.answered(r, batch, this);
        } catch (RuntimeException e) {
          LOG.error("destination {}: cannot read HubSpot's answer to {} ({})", destinationId, call, status, e);
          for (Input in : batch) settleFailed(in, "UNREADABLE_ANSWER", "HubSpot's answer (" + status + ") could not be read");
        }
        if (status == 400 || status == 207) {
          for (Input in : batch) if (in.lane == lane && !settled(in)) settleFailed(in, "HUBSPOT_" + status, "no result for this input");
        }
      }
    }
    schedulePump();
  }

  private void recordCall(List<Input> batch, HubSpotCall call, HubSpotResponse r) {
    String correlation = r == null ? null : r.correlationId();
    CallRecord record = new CallRecord(call.method(), call.path(), correlation, api.live() ? null : call.body());
    Set<MessageWork> seen = new HashSet<>();
    for (Input in : batch) {
      for (OpTask t : in.members) {
        if (t.message != null && !t.message.finished() && seen.add(t.message)) t.message.calls.add(record);
      }
    }
  }

  /**
   * No answer or a 5xx: the whole batch waits one backoff (so it stays one batch), longer if
   * HubSpot now looks down; an outage also answers waiting requests at once.
   */
  private void retryAll(List<Input> batch, long now, String why, long retryAfterMs) {
    boolean wasDown = standing.inOutage(now);
    long outage = standing.failed(now);
    if (outage > 0 && !wasDown) {
      LOG.warn("destination {}: HubSpot is not answering ({}); pausing {} ms and answering requests 503", destinationId,
          why, outage);
      for (RequestWork r : new ArrayList<>(active)) expire(r);
    }
    int attempts = 0;
    for (Input in : batch) attempts = Math.max(attempts, in.attempts);
    long delay = Math.max(Math.max(retryAfterMs, outage), RetryPolicy.backoffMs(attempts + 1, random));
    for (Input in : batch) retry(in, delay, why);
  }

  /** 429: wait as HubSpot says (Retry-After, else by policy), pause what the limit covers, keep the inputs. */
  private void rateLimited(Lane lane, List<Input> batch, HubSpotError e, long now) {
    received429.increment();
    long wait = standing.rateLimited(lane, e, now);
    if ("DAILY".equals(e.policyName())) {
      LOG.error("destination {}: HubSpot's daily API limit is reached; trying again in {} s", destinationId, wait / 1000);
    }
    LOG.warn("destination {}: HubSpot answered 429 ({}) to {}; waiting {} ms", destinationId, e.policyName(), lane.key, wait);
    for (Input in : batch) requeue(in, now + wait);
  }

  /** 401: HubSpot refuses the token. Hold everything; the client resends later. */
  private void hold(HubSpotError e, List<Input> batch) {
    long now = clock.getAsLong();
    String what = "HubSpot refused the access token (401 " + e.category() + ")";
    long until = now + config.authProbeIntervalMs();
    if (standing.hold(what + "; fix the destination's Private App token", until)) {
      LOG.error("destination {}: {}; correlationId {}. Messages are answered 503 until the token works again (checked every {} s).",
          destinationId, what, e.correlationId(), config.authProbeIntervalMs() / 1000);
    }
    for (Input in : batch) requeue(in, until);
    for (RequestWork r : new ArrayList<>(active)) expire(r);
    if (standing.startProbing()) vertx.setTimer(config.authProbeIntervalMs(), id -> probe());
  }

  /**
   * 403: the token lacks a scope this endpoint needs (events, lists, ...). Only this lane waits, and
   * is tried again after the probe interval; messages that need it are answered 503 with the scope
   * named, while the rest of the destination goes on.
   */
  private void forbid(Lane lane, HubSpotError e, List<Input> batch) {
    long now = clock.getAsLong();
    String what = "HubSpot refused the token's scopes for " + lane.kind.endpoint().metricName + " (403 " + e.category()
        + ": " + e.message() + "); grant the missing scope to the destination's Private App";
    if (lane.refusedWhy == null) {
      LOG.error("destination {}: {}; correlationId {}. Messages that need it are answered 503, the others go on; tried again"
          + " every {} s.", destinationId, what, e.correlationId(), config.authProbeIntervalMs() / 1000);
    }
    lane.refusedWhy = what;
    lane.pausedUntil = Math.max(lane.pausedUntil, now + config.authProbeIntervalMs());
    for (Input in : batch) requeue(in, lane.pausedUntil);
    for (RequestWork r : new ArrayList<>(active)) if (refusedLaneOf(r) != null) expire(r);
  }

  /** A lane HubSpot refuses to the token that one of the request's unfinished operations waits in, or null. */
  private static Lane refusedLaneOf(RequestWork request) {
    for (MessageWork m : request.messages) {
      if (m.finished()) continue;
      for (OpTask t : m.tasks) if (t.live() && t.input != null && t.input.lane.refusedWhy != null) return t.input.lane;
    }
    return null;
  }

  private void probe() {
    paced.call(calls.probe()).onComplete(ar -> onContext(() -> {
      int status = ar.succeeded() ? ar.result().status() : -1;
      if (status == 200) {
        LOG.info("destination {}: HubSpot accepts the access token again", destinationId);
        standing.release();
        schedulePump();
      } else {
        standing.probeFailed(clock.getAsLong() + config.authProbeIntervalMs());
        vertx.setTimer(config.authProbeIntervalMs(), id -> probe());
      }
    }));
  }

  // ---------------------------------------------------------------- what kinds call to settle inputs

  long now() {
    return clock.getAsLong();
  }

  /** Every live member of the input succeeded. */
  void settleSucceeded(Input in, String recordId, List<Warning> warnings) {
    in.lane.finished(in, now());
    List<Warning> all = in.repairWarnings.isEmpty() ? warnings : concat(in.repairWarnings, warnings);
    for (OpTask t : in.liveMembers()) complete(t, all, recordId);
    in.settled = true;
  }

  void settleFailed(Input in, String reason, String detail) {
    in.lane.finished(in, now());
    for (OpTask t : in.liveMembers()) fail(t, reason, detail);
    in.settled = true;
  }

  /** Try again later; after too many attempts the input fails for good. */
  void retry(Input in, long delayMs, String why) {
    in.attempts++;
    retries.increment();
    if (in.attempts > RetryPolicy.MAX_ATTEMPTS) {
      settleFailed(in, "RETRY_EXHAUSTED", "HubSpot did not accept it after " + RetryPolicy.MAX_ATTEMPTS + " attempts: " + why);
      return;
    }
    requeue(in, now() + delayMs);
  }

  void requeue(Input in, long notBefore) {
    in.notBefore = notBefore;
    in.settled = true;
    if (!in.hasLiveMember()) {
      in.lane.finished(in, now());
      return;
    }
    in.lane.requeue(in, now());
  }

  /**
   * HubSpot refused named properties of this input: resend it once without them, each dropped
   * property reported as a warning. A second refusal fails the input.
   */
  void repair(Input in, Set<String> properties, List<Warning> warnings, HubSpotError e) {
    if (in.repaired || properties.isEmpty()) {
      settleFailed(in, "HUBSPOT_VALIDATION", e.describe());
      return;
    }
    in.repaired = true;
    in.stripped.addAll(properties);
    in.repairWarnings.addAll(warnings);
    requeue(in, now());
  }

  /** An error could not be pinned on one input: resend the batch in halves until the bad one stands alone. */
  void split(List<Input> batch, HubSpotError e) {
    if (batch.size() == 1) {
      settleFailed(batch.get(0), "HUBSPOT_VALIDATION", e.describe());
      return;
    }
    int half = (batch.size() + 1) / 2;
    for (Input in : batch) {
      in.batchLimit = Math.min(in.batchLimit, half);
      requeue(in, now());
    }
  }

  /** The members go on with another operation (a stale id becomes an upsert, a company is adopted by id). */
  void reroute(Input in, java.util.function.Function<OpTask, Operation> next) {
    in.lane.finished(in, now());
    in.settled = true;
    for (OpTask t : in.liveMembers()) {
      t.op = next.apply(t);
      t.input = null;
      t.state = OpTask.State.WAITING;
      activate(t);
    }
  }

  static boolean settled(Input in) {
    return in.settled;
  }

  private static List<Warning> concat(List<Warning> a, List<Warning> b) {
    List<Warning> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }

  // ---------------------------------------------------------------- plumbing

  private void awaitIdle(long deadline, Promise<Void> done) {
    if (active.isEmpty() || clock.getAsLong() >= deadline) {
      for (RequestWork r : new ArrayList<>(active)) {
        for (MessageWork m : r.messages) {
          if (!m.finished()) {
            withdraw(m);
            m.notFinal(new Pending(Pending.Kind.UNAVAILABLE, 5_000, "the server is shutting down"));
          }
        }
      }
      done.complete();
      return;
    }
    vertx.setTimer(20, id -> awaitIdle(deadline, done));
  }

  void onContext(Runnable r) {
    if (Vertx.currentContext() == context) r.run();
    else context.runOnContext(v -> r.run());
  }
}
