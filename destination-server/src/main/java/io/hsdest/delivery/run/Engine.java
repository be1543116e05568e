package io.hsdest.delivery.run;

import io.hsdest.clock.Scheduler;
import io.hsdest.config.DestinationSettings;
import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.delivery.batch.Arrivals;
import io.hsdest.delivery.batch.Feeders;
import io.hsdest.delivery.batch.Lane;
import io.hsdest.delivery.batch.Lanes;
import io.hsdest.delivery.policy.AnswerPolicy;
import io.hsdest.delivery.policy.PortalStanding;
import io.hsdest.delivery.resolve.ListIds;
import io.hsdest.delivery.resolve.Routing;
import io.hsdest.delivery.resolve.Routing.Route;
import io.hsdest.delivery.wire.WireContext;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.mapping.Plan;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Step;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.Association;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.ContactRef;
import io.hsdest.mapping.op.Operation;
import io.hsdest.store.PendingAssociations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the plans of one destination (one HubSpot portal and token): takes requests
 * ({@link Admission}), turns each plan's steps into tasks run in dependency order and in each
 * user's order ({@link UserOrder}), sends them through the lanes ({@link Dispatcher}), and answers
 * each request with one result per message. Everything here runs on the {@link Scheduler}'s loop.
 */
public final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /**
   * @param maxInFlight HubSpot calls in flight at once for this portal
   * @param maxQueuedOperations operations taken but not finished; more is answered 429
   * @param authProbeIntervalMs how often a refused token (or scope) is tried again
   * @param pendingAssociationTtlMs how long an association waits for its contact
   * @param searchLingerMs how long a company search not yet full waits for more groups (when longer than the batch
   *     delay): 0 in sync mode, where a client waits; durable mode waits, since nobody does there and the account's
   *     5 searches a second are what bounds delivering many new companies
   */
  public record Config(int maxInFlight, int maxQueuedOperations, long authProbeIntervalMs, long pendingAssociationTtlMs,
      long searchLingerMs) {
    public static final Config DEFAULT = new Config(16, 100_000, 60_000, 72L * 3600 * 1000);

    public Config(int maxInFlight, int maxQueuedOperations, long authProbeIntervalMs, long pendingAssociationTtlMs) {
      this(maxInFlight, maxQueuedOperations, authProbeIntervalMs, pendingAssociationTtlMs, 0);
    }
  }

  /** What the engine reads and keeps about HubSpot beyond one request (hints; HubSpot may overrule them). */
  public record Memory(io.hsdest.store.RecordIds ids, io.hsdest.store.Watermarks watermarks,
      io.hsdest.delivery.resolve.CompanyAdoption adoption, PendingAssociations pending, ListIds lists) {}

  final String destinationId;
  final Scheduler scheduler;
  final Memory memory;
  final Admission admission;
  final Lanes<OpTask> lanes = new Lanes<>();
  private final Config config;
  private final Routing routing;
  private final UserOrder order = new UserOrder();
  private final Dispatcher dispatcher;
  private final PortalStanding standing;
  /** Requests taken and not answered, oldest first. */
  private final Set<RequestWork> active = new LinkedHashSet<>();
  private boolean draining;

  /**
   * @param api HubSpot (or the dry-run sink) for the lanes' calls
   * @param paced HubSpot for the token probe, which waits for the token's budget
   * @param commit makes what HubSpot accepted durable before a client hears of it (completes at once when nothing is kept)
   */
  public Engine(String destinationId, DestinationSettings settings, Scheduler scheduler, HubSpotApi api, HubSpotApi paced, Calls calls,
      Memory memory, PortalStanding standing, Config config, MeterRegistry metrics, RandomGenerator random,
      WireContext.SchemaStale schemaStale, java.util.function.Supplier<io.vertx.core.Future<Void>> commit) {
    this.destinationId = destinationId;
    this.scheduler = scheduler;
    this.memory = memory;
    this.config = config;
    this.standing = standing;
    this.admission = new Admission(standing, config.maxQueuedOperations(), settings.searchRequestsPerSecond());
    this.routing = new Routing(memory.ids(), memory.adoption(), memory.lists(), memory.pending() != PendingAssociations.NONE);
    WireContext wire = new WireContext(calls, memory.watermarks(), memory.adoption(), schemaStale, scheduler::now);
    AnswerPolicy answers = new AnswerPolicy(destinationId, standing, config.authProbeIntervalMs(), metrics);
    this.dispatcher = new Dispatcher(this, api, paced, calls, wire, answers, standing, settings, config, metrics, random);
    this.commit = commit;
    metrics.gauge("delivery_queued_operations", List.of(Tag.of("destination", destinationId)), admission, Admission::queued);
  }

  private final java.util.function.Supplier<io.vertx.core.Future<Void>> commit;

  // ---------------------------------------------------------------- the public face (on the loop)

  /**
   * Delivers the plans of one client request; {@code answer} gets one result per message (on this
   * loop) once every message is final, or at {@code timeoutMs} with the unfinished ones not final.
   */
  public void deliver(List<Plan> plans, long timeoutMs, Consumer<List<MessageResult>> answer) {
    if (plans.isEmpty()) {
      answer.accept(List.of());
      return;
    }
    long now = scheduler.now();
    RequestWork[] holder = new RequestWork[1];
    RequestWork request = new RequestWork(now, results -> {
      active.remove(holder[0]);
      if (holder[0].timerId >= 0) scheduler.cancel(holder[0].timerId);
      // what HubSpot accepted for this request is durable before the client hears about it
      commit.get().onComplete(ar -> scheduler.onLoop(() -> answer.accept(results)));
    });
    holder[0] = request;
    int operations = 0;
    int counted = 0;
    int searches = 0;
    for (Plan p : plans) {
      request.add(new MessageWork(p, request));
      operations += p.steps().size();
      for (Step step : p.steps()) {
        if (Admission.spendsBudget(step.op())) counted++;
        if (step.op() instanceof CompanyWrite c && memory.adoption().needsSearch(c)) searches++;
      }
    }
    Pending refusal = operations == 0 ? null : admission.refusal(operations, counted, searches,
        lanes.waiting(io.hsdest.hubspot.Endpoint.COMPANIES_SEARCH), active.isEmpty() ? -1 : active.iterator().next().admittedAt,
        timeoutMs, draining, now);
    if (refusal != null) {
      admission.refused(refusal, now);
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
    request.timerId = scheduler.schedule(Math.max(1, timeoutMs), () -> expire(request));
    for (MessageWork m : request.messages) if (m.plan.terminal() != null) m.finishTerminal();
    for (MessageWork m : toStart) {
      for (OpTask t : new ArrayList<>(m.tasks)) if (t.unmetDependencies == 0 && t.state == OpTask.State.WAITING) activate(t);
    }
    dispatcher.schedulePump();
  }

  /** Requests in intake (any thread may open and close them): batches of their moment wait for them. */
  public Arrivals arrivals() {
    return lanes.feeders().arrivals();
  }

  /** A request left intake without being delivered: a lane that held its batch for it need not wait. */
  public void arrivalEnded() {
    dispatcher.schedulePump();
  }

  /** Whether requests are refused for load right now (any thread may ask): intake then answers 429/503 at once. */
  public Pending busy() {
    return admission.busy(scheduler.now());
  }

  /** Stops taking requests, sends what is queued without waiting for fuller batches, and answers the rest not final. */
  public void drain(long graceMs, Runnable done) {
    draining = true;
    dispatcher.schedulePump();
    awaitIdle(scheduler.now() + graceMs, done);
  }

  /** For /status: how much is waiting and where HubSpot stands. */
  public Map<String, Object> status() {
    long now = scheduler.now();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("queuedOperations", admission.queued());
    s.put("inFlightCalls", dispatcher.inFlight());
    s.put("activeRequests", active.size());
    s.put("rateLimitPer10s", standing.limitPerInterval());
    s.put("held", standing.held());
    s.put("pausedUntil", standing.pausedUntil() > now ? Instant.ofEpochMilli(standing.pausedUntil()).toString() : null);
    s.put("pendingAssociations", memory.pending().size());
    return s;
  }

  /** After a restart: the pending associations whose contact is known already are made now. */
  public void restored(List<PendingAssociations.Entry> entries) {
    Set<String> users = new HashSet<>();
    for (PendingAssociations.Entry e : entries) users.add(e.userId());
    for (String user : users) {
      String contact = memory.ids().contactByUser(user);
      if (contact != null) contactKnown(user, contact);
    }
  }

  // ---------------------------------------------------------------- tasks

  private void createTasks(MessageWork m) {
    List<Step> steps = m.plan.steps();
    for (Step s : steps) {
      OpTask t = new OpTask(m, s.op(), s.primary(), false);
      m.tasks.add(t);
      m.remaining++;
      admission.track(t);
    }
    for (int i = 0; i < steps.size(); i++) {
      OpTask t = m.tasks.get(i);
      for (int after : steps.get(i).after()) {
        OpTask dep = m.tasks.get(after);
        t.prerequisites.add(dep);
        OpTask.link(dep, t);
      }
    }
    order.link(m);
    for (OpTask t : m.tasks) if (t.unmetDependencies > 0) lanes.feeders().start(t, Feeders.Category.of(t.op.endpoint()));
  }

  /** All its dependencies are done: the task goes where routing says (a lane, a failure, kept for later). */
  void activate(OpTask t) {
    if (!t.live()) return;
    Route route = routing.route(t.op, kind -> recordWrittenBefore(t, kind));
    if (route instanceof Route.Queue q) {
      t.op = q.op();
      lanes.offer(t, scheduler.now());
      if (q.onItsWayTo() != null) lanes.feeders().start(t, q.onItsWayTo());
      dispatcher.schedulePump();
    } else if (route instanceof Route.Fail f) {
      fail(t, f.reason(), f.detail());
    } else if (route instanceof Route.Pend p) {
      pend(t, p.association());
    } else if (route instanceof Route.Later l) {
      lanes.feeders().start(t, Feeders.Category.of(t.op.endpoint()));
      l.op().onComplete(ar -> scheduler.onLoop(() -> {
        if (!t.live()) return;
        lanes.feeders().end(t);
        if (ar.failed()) {
          String why = String.valueOf(ar.cause().getMessage());
          fail(t, ar.cause() instanceof io.hsdest.delivery.resolve.ListIds.Refused ? Reason.LIST_NOT_MANUAL : Reason.LIST_UNAVAILABLE,
              why);
          return;
        }
        t.op = ar.result();
        activate(t);
      }));
    }
  }

  /** The record id written by a step of this kind that the task ran after, or null. */
  private static String recordWrittenBefore(OpTask t, Class<? extends Operation> kind) {
    for (OpTask p : t.prerequisites) if (kind.isInstance(p.op) && p.recordId != null) return p.recordId;
    return null;
  }

  /**
   * The user's contact is not known yet: keep the association on disk and make it when the
   * contact is written. The message is answered only once the promise is durable.
   */
  private void pend(OpTask t, Association a) {
    Warning pending = Warning.of(Reason.ASSOCIATION_PENDING, null, "the contact of user " + a.contact().userId()
        + " is not known yet; the association with company " + a.companyId() + " is made when that contact is written");
    if (t.pendingEntry != null) {
      // a kept promise whose contact turned out stale: it stays kept, as it was
      t.pendingEntry = null;
      complete(t, List.of(pending), null);
      return;
    }
    var entry = new PendingAssociations.Entry(a.contact().userId(), a.companyId(), a.associationTypeId(),
        scheduler.now() + config.pendingAssociationTtlMs());
    memory.pending().add(entry).onComplete(ar -> scheduler.onLoop(() -> {
      if (ar.succeeded()) complete(t, List.of(pending), null);
      else fail(t, Reason.ASSOCIATION_NOT_KEPT, "the association could not be stored for later: " + ar.cause().getMessage());
    }));
  }

  /** A contact was written for this userId: make the associations that waited for it. */
  void contactKnown(String userId, String contactId) {
    if (userId == null || memory.pending() == PendingAssociations.NONE) return;
    for (PendingAssociations.Entry entry : memory.pending().forUser(userId)) {
      Association a = new Association(new ContactRef(userId, null, null), null, null, entry.associationTypeId(), contactId,
          entry.companyId());
      OpTask t = new OpTask(null, a, false, false);
      t.pendingEntry = entry;
      admission.track(t);
      activate(t);
    }
  }

  /** Adds a follow-up chain to the message of {@code of} (it finishes after them): each write runs after the one before. */
  void followUps(OpTask of, List<Operation> chain) {
    MessageWork m = of.message != null && !of.message.finished() ? of.message : null;
    OpTask previous = null;
    List<OpTask> created = new ArrayList<>();
    for (Operation op : chain) {
      OpTask f = new OpTask(m, op, of.primary, true);
      if (m != null) {
        m.tasks.add(f);
        m.remaining++;
      }
      admission.track(f);
      if (previous != null) OpTask.link(previous, f);
      previous = f;
      created.add(f);
    }
    activate(created.get(0));
  }

  void complete(OpTask t, List<Warning> warnings, String recordId) {
    if (!t.live()) return;
    t.state = OpTask.State.DONE;
    t.recordId = recordId;
    ended(t);
    if (t.pendingEntry != null) memory.pending().remove(t.pendingEntry); // the promise is kept
    List<Warning> all = t.extraWarnings.isEmpty() ? warnings : concat(t.extraWarnings, warnings);
    if (t.message != null && !t.message.finished()) t.message.succeeded(all);
    release(t);
  }

  void fail(OpTask t, Reason reason, String detail) {
    if (!t.live()) return;
    t.state = OpTask.State.DONE;
    ended(t);
    if (t.message != null && !t.message.finished()) {
      t.message.warnings.addAll(t.extraWarnings);
      t.message.failed(t.primary, reason, detail);
    } else if (t.message == null) {
      LOG.warn("destination {}: background {} failed: {} ({})", destinationId, t.op.getClass().getSimpleName(), reason, detail);
      // a promise that can never be kept (the company or contact is gone) is not retried forever
      if (t.pendingEntry != null && !reason.isRetryable()) memory.pending().remove(t.pendingEntry);
    }
    release(t);
  }

  /** The task goes on as another operation (a claim check, the adopted company, the write by its key). */
  void becomes(OpTask t, Operation next, List<Warning> warnings) {
    t.extraWarnings.addAll(warnings);
    if (!t.becomes(next)) {
      fail(t, Reason.INTERNAL_ERROR, "HubSpot's answers sent this operation round in circles; last as " + next.getClass().getSimpleName());
      return;
    }
    activate(t);
  }

  private void ended(OpTask t) {
    admission.untrack(t);
    order.ended(t);
    // a lane may be holding its batch for this work: it will not come, so the lane need not wait out its hold
    if (lanes.feeders().end(t)) dispatcher.schedulePump();
  }

  private void release(OpTask t) {
    for (OpTask d : t.dependents) {
      if (d.live() && --d.unmetDependencies == 0) activate(d);
    }
  }

  /** A request could not be finished in time (or HubSpot holds us off): withdraw what it still has queued. */
  void expire(RequestWork request) {
    if (request.answered) return;
    long now = scheduler.now();
    Lane<OpTask> refused = refusedLaneOf(request);
    Pending pending = refused != null ? new Pending(Pending.Kind.UNAVAILABLE, Math.max(1_000, refused.pausedUntil() - now),
        refused.refusedWhy()) : standing.pendingNow(now);
    for (MessageWork m : request.messages) {
      if (m.finished()) continue;
      withdraw(m);
      m.notFinal(pending);
    }
  }

  /** Answers every request waiting now (HubSpot went down, or refuses the token): they get 503 at once. */
  void expireAll() {
    for (RequestWork r : new ArrayList<>(active)) expire(r);
  }

  /** Answers the requests that wait for a lane HubSpot refuses to the token. */
  void expireRefused() {
    for (RequestWork r : new ArrayList<>(active)) if (refusedLaneOf(r) != null) expire(r);
  }

  /** A lane HubSpot refuses to the token that one of the request's unfinished operations waits in, or null. */
  private static Lane<OpTask> refusedLaneOf(RequestWork request) {
    for (MessageWork m : request.messages) {
      if (m.finished()) continue;
      for (OpTask t : m.tasks) if (t.live() && t.input != null && t.input.lane().refusedWhy() != null) return t.input.lane();
    }
    return null;
  }

  private void withdraw(MessageWork m) {
    for (OpTask t : m.tasks) {
      if (!t.live()) continue;
      if (t.state == OpTask.State.QUEUED && t.input != null) t.input.lane().withdraw(t, t.input);
      t.state = OpTask.State.WITHDRAWN;
      ended(t);
    }
    for (OpTask t : m.tasks) release(t);
  }

  private void awaitIdle(long deadline, Runnable done) {
    if (active.isEmpty() || scheduler.now() >= deadline) {
      for (RequestWork r : new ArrayList<>(active)) {
        for (MessageWork m : r.messages) {
          if (!m.finished()) {
            withdraw(m);
            m.notFinal(new Pending(Pending.Kind.UNAVAILABLE, 5_000, "the server is shutting down"));
          }
        }
      }
      done.run();
      return;
    }
    scheduler.schedule(20, () -> awaitIdle(deadline, done));
  }

  boolean draining() {
    return draining;
  }

  private static List<Warning> concat(List<Warning> a, List<Warning> b) {
    List<Warning> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }
}
