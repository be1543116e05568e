package io.hsdest.delivery.run;

import io.hsdest.config.DestinationSettings;
import io.hsdest.delivery.MessageResult.CallRecord;
import io.hsdest.delivery.batch.Input;
import io.hsdest.delivery.batch.Lane;
import io.hsdest.delivery.batch.Lanes;
import io.hsdest.delivery.policy.AnswerPolicy;
import io.hsdest.delivery.policy.PortalStanding;
import io.hsdest.delivery.policy.RetryPolicy;
import io.hsdest.delivery.policy.Verdict;
import io.hsdest.delivery.resolve.ContactWritten;
import io.hsdest.delivery.wire.Codec;
import io.hsdest.delivery.wire.Codecs;
import io.hsdest.delivery.wire.WireContext;
import io.hsdest.hubspot.Calls;
import io.hsdest.hubspot.Endpoint;
import io.hsdest.hubspot.HubSpotApi;
import io.hsdest.hubspot.HubSpotCall;
import io.hsdest.hubspot.HubSpotResponse;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import io.hsdest.mapping.op.CompanyWrite;
import io.hsdest.mapping.op.ContactWrite;
import io.hsdest.mapping.op.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HubSpot side of the engine: pumps the lanes (which batches go now), sends each batch through
 * its endpoint's codec, reads the answer ({@link AnswerPolicy} for the whole call, else the codec
 * for each input), and carries out the verdicts.
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Engine engine;
  private final HubSpotApi api;
  private final HubSpotApi paced;
  private final Calls calls;
  private final WireContext wire;
  private final AnswerPolicy answers;
  private final PortalStanding standing;
  private final DestinationSettings settings;
  private final Engine.Config config;
  private final RandomGenerator random;
  private final Counter retries;
  private final Lanes.Slots slots;
  private int inFlight;
  private boolean pumpScheduled;
  private long wakeTimer = -1;
  private long wakeAt = Long.MAX_VALUE;

  Dispatcher(Engine engine, HubSpotApi api, HubSpotApi paced, Calls calls, WireContext wire, AnswerPolicy answers,
      PortalStanding standing, DestinationSettings settings, Engine.Config config, MeterRegistry metrics, RandomGenerator random) {
    this.engine = engine;
    this.api = api;
    this.paced = paced;
    this.calls = calls;
    this.wire = wire;
    this.answers = answers;
    this.standing = standing;
    this.settings = settings;
    this.config = config;
    this.random = random;
    this.retries = Counter.builder("delivery_retries").description("HubSpot inputs scheduled for another attempt")
        .tag("destination", engine.destinationId).register(metrics);
    this.slots = new Lanes.Slots() {
      @Override
      public long acquire(Endpoint endpoint, long now) {
        return standing.acquire(endpoint.rateClass, now);
      }

      @Override
      public void cancel(Endpoint endpoint) {
        standing.cancel(endpoint.rateClass);
      }
    };
  }

  int inFlight() {
    return inFlight;
  }

  /** Pumps once the current task is over: never re-entered from inside a pump or an answer. */
  void schedulePump() {
    if (pumpScheduled) return;
    pumpScheduled = true;
    engine.scheduler.execute(() -> {
      pumpScheduled = false;
      pump();
    });
  }

  private void pump() {
    long now = engine.scheduler.now();
    long linger = engine.draining() ? 0 : settings.maxBatchDelayMs();
    Lanes.Pumped<OpTask> pumped = engine.lanes.pump(now, config.maxInFlight() - inFlight, linger, config.searchLingerMs(), slots);
    for (Lanes.Dispatch<OpTask> d : pumped.batches()) send(d.lane(), d.batch());
    wakeAt(pumped.nextAt());
  }

  private void wakeAt(long at) {
    if (at == Long.MAX_VALUE || at >= wakeAt && wakeTimer >= 0) return;
    if (wakeTimer >= 0) engine.scheduler.cancel(wakeTimer);
    wakeAt = at;
    wakeTimer = engine.scheduler.schedule(Math.max(1, at - engine.scheduler.now()), () -> {
      wakeTimer = -1;
      wakeAt = Long.MAX_VALUE;
      pump();
    });
  }

  private void send(Lane<OpTask> lane, List<Input<OpTask>> batch) {
    inFlight++;
    for (Input<OpTask> in : batch) for (OpTask t : in.members()) if (t.live()) t.state = OpTask.State.SENT;
    Codec codec = Codecs.of(lane.endpoint());
    HubSpotCall call;
    try {
      call = codec.encode(batch, wire);
    } catch (RuntimeException e) {
      inFlight--;
      LOG.error("destination {}: cannot build a {} call", engine.destinationId, lane.key(), e);
      for (Input<OpTask> in : batch) settleFailed(lane, in, Reason.INTERNAL_ERROR, "the HubSpot request could not be built");
      return;
    }
    // answers are always handled in a task of their own, even when the client answers at once (dry-run)
    api.call(call).onComplete(ar -> engine.scheduler.execute(() -> answered(lane, batch, call, codec, ar)));
  }

  private void answered(Lane<OpTask> lane, List<Input<OpTask>> batch, HubSpotCall call, Codec codec, AsyncResult<HubSpotResponse> ar) {
    inFlight--;
    long now = engine.scheduler.now();
    HubSpotResponse r = ar.succeeded() ? ar.result() : null;
    recordCall(batch, call, r);
    AnswerPolicy.Decision decision = answers.read(lane.endpoint(), r, r == null ? String.valueOf(ar.cause().getMessage()) : null, now);
    if (r != null && r.isSuccess()) lane.accepted();
    if (decision.effect() == AnswerPolicy.Effect.SCOPE_REFUSED) {
      if (lane.refusedWhy() == null) {
        LOG.error("destination {}: {}; correlationId {}. Messages that need it are answered 503, the others go on; tried again"
            + " every {} s.", engine.destinationId, decision.why(), r.correlationId(), config.authProbeIntervalMs() / 1000);
      }
      lane.refuse(decision.why(), ((Verdict.Pause) decision.forEvery()).untilMs());
    } else if (decision.effect() == AnswerPolicy.Effect.LANE_PAUSED) {
      lane.pauseUntil(((Verdict.Pause) decision.forEvery()).untilMs());
    }
    List<Verdict> verdicts;
    if (!decision.decode()) {
      verdicts = Collections.nCopies(batch.size(), decision.forEvery());
    } else {
      try {
        verdicts = codec.decode(r, batch, wire);
      } catch (RuntimeException e) {
        LOG.error("destination {}: cannot read HubSpot's answer to {} ({})", engine.destinationId, call, r.status(), e);
        verdicts = Collections.nCopies(batch.size(), new Verdict.Fail(Reason.UNREADABLE_ANSWER,
            "HubSpot's answer (" + r.status() + ") could not be read"));
      }
    }
    apply(lane, batch, verdicts, now);
    switch (decision.effect()) {
      case OUTAGE_STARTED -> engine.expireAll();
      case TOKEN_REFUSED -> {
        engine.expireAll();
        if (standing.startProbing()) engine.scheduler.schedule(config.authProbeIntervalMs(), this::probe);
      }
      case SCOPE_REFUSED -> engine.expireRefused();
      default -> { }
    }
    schedulePump();
  }

  private void apply(Lane<OpTask> lane, List<Input<OpTask>> batch, List<Verdict> verdicts, long now) {
    List<Input<OpTask>> split = new ArrayList<>();
    String splitWhy = null;
    long backoff = backoffFor(batch, verdicts);
    for (int i = 0; i < batch.size(); i++) {
      Input<OpTask> in = batch.get(i);
      Verdict v = verdicts.get(i);
      if (v == null) v = new Verdict.Fail(Reason.HUBSPOT_REFUSED, "HubSpot's answer had no result for this input");
      if (v instanceof Verdict.Done d) {
        done(lane, in, d, now);
      } else if (v instanceof Verdict.Retry r) {
        retry(lane, in, r, r.backoff() ? Math.max(r.atLeastMs(), backoff) : r.atLeastMs(), now);
      } else if (v instanceof Verdict.Resend) {
        lane.requeue(in, now, now);
      } else if (v instanceof Verdict.Repair r) {
        in.repair(r.properties(), r.warnings());
        lane.requeue(in, now, now);
      } else if (v instanceof Verdict.Split s) {
        split.add(in);
        splitWhy = s.why();
      } else if (v instanceof Verdict.Fail f) {
        settleFailed(lane, in, f.reason(), f.detail());
      } else if (v instanceof Verdict.Next n) {
        next(lane, in, n, now);
      } else if (v instanceof Verdict.Pause p) {
        lane.requeue(in, p.untilMs(), now);
      } else if (v instanceof Verdict.Hold h) {
        lane.requeue(in, h.untilMs(), now);
      }
    }
    if (split.size() == 1) {
      settleFailed(lane, split.get(0), Reason.HUBSPOT_VALIDATION, splitWhy);
    } else if (!split.isEmpty()) {
      // an error that names no input: the batch goes again in halves until the bad one stands alone
      int half = (split.size() + 1) / 2;
      for (Input<OpTask> in : split) {
        in.limitBatch(half);
        lane.requeue(in, now, now);
      }
    }
  }

  /** HubSpot took the input: what it wrote is remembered, follow-ups start, and its operations complete. */
  private void done(Lane<OpTask> lane, Input<OpTask> in, Verdict.Done d, long now) {
    lane.finished(in, now);
    List<Warning> warnings = new ArrayList<>(in.repairWarnings());
    warnings.addAll(d.warnings());
    List<OpTask> live = in.liveMembers();
    Operation op = in.first().op;
    if (d.recordId() != null && op instanceof ContactWrite) {
      // every member's ids are remembered, also of members whose request was already answered: HubSpot wrote the record either way
      boolean nonMarketing = false;
      for (OpTask t : in.members()) {
        ContactWrite cw = (ContactWrite) t.op;
        engine.memory.ids().rememberContact(cw.userId(), cw.email(), d.recordId());
        nonMarketing |= cw.nonMarketingOnCreate();
      }
      for (OpTask t : in.members()) engine.contactKnown(((ContactWrite) t.op).userId(), d.recordId());
      if (d.result() != null) {
        OpTask first = live.isEmpty() ? in.members().get(0) : live.get(0);
        ContactWritten written = ContactWritten.of(d.recordId(), d.result(), in.sentLifecycleStage(), nonMarketing,
            settings.allowLifecycleStageBackward(), ((ContactWrite) first.op).timestamp());
        warnings.addAll(written.warnings());
        for (List<Operation> chain : written.chains()) engine.followUps(first, chain);
      }
    } else if (d.recordId() != null && op instanceof CompanyWrite) {
      for (OpTask t : in.members()) {
        CompanyWrite c = (CompanyWrite) t.op;
        engine.memory.ids().rememberCompany(c.groupId(), d.recordId());
        engine.memory.adoption().written(c.groupId());
      }
    }
    for (OpTask t : live) engine.complete(t, warnings, d.recordId());
  }

  /**
   * One backoff for every input of the call that backs off, drawn for the most-tried of them: the
   * batch waits together, so it stays one batch.
   */
  private long backoffFor(List<Input<OpTask>> batch, List<Verdict> verdicts) {
    int attempts = -1;
    for (int i = 0; i < batch.size(); i++) {
      if (verdicts.get(i) instanceof Verdict.Retry r && r.backoff()) attempts = Math.max(attempts, batch.get(i).attempts());
    }
    return attempts < 0 ? 0 : RetryPolicy.backoffMs(attempts + 1, random);
  }

  /** Try again after {@code delayMs}; after too many attempts the input fails (retryable: a later delivery may succeed). */
  private void retry(Lane<OpTask> lane, Input<OpTask> in, Verdict.Retry r, long delayMs, long now) {
    int attempt = in.countAttempt();
    retries.increment();
    if (attempt > RetryPolicy.MAX_ATTEMPTS) {
      settleFailed(lane, in, Reason.RETRY_EXHAUSTED, "HubSpot did not accept it after " + RetryPolicy.MAX_ATTEMPTS + " attempts: " + r.why());
      return;
    }
    lane.requeue(in, now + delayMs, now);
  }

  /** The input's operations go on as others; an id HubSpot no longer has is forgotten first. */
  private void next(Lane<OpTask> lane, Input<OpTask> in, Verdict.Next n, long now) {
    lane.finished(in, now);
    if (n.stale() != null) forget(n.stale(), in.first().op);
    for (OpTask t : in.liveMembers()) {
      Operation next = n.next().apply(t.op);
      if (next == null) engine.fail(t, n.orElse().reason(), n.orElse().detail());
      else engine.becomes(t, next, n.warnings());
    }
  }

  private void forget(Verdict.Stale stale, Operation op) {
    switch (stale.kind()) {
      case CONTACT -> engine.memory.ids().forgetContact(stale.id());
      case COMPANY -> {
        engine.memory.ids().forgetCompany(stale.id());
        if (op instanceof CompanyWrite c) engine.memory.adoption().forget(c.groupId());
      }
      case LIST -> engine.memory.lists().forget(stale.id());
    }
  }

  private void settleFailed(Lane<OpTask> lane, Input<OpTask> in, Reason reason, String detail) {
    lane.finished(in, engine.scheduler.now());
    for (OpTask t : in.liveMembers()) engine.fail(t, reason, detail);
  }

  private void recordCall(List<Input<OpTask>> batch, HubSpotCall call, HubSpotResponse r) {
    String correlation = r == null ? null : r.correlationId();
    CallRecord record = new CallRecord(call.method(), call.path(), correlation, api.live() ? null : call.body());
    Set<MessageWork> seen = new HashSet<>();
    for (Input<OpTask> in : batch) {
      for (OpTask t : in.members()) {
        if (t.message != null && !t.message.finished() && seen.add(t.message)) t.message.calls.add(record);
      }
    }
  }

  /** While HubSpot refuses the token: one probe per interval until it takes it again. */
  private void probe() {
    paced.call(calls.probe()).onComplete(ar -> engine.scheduler.onLoop(() -> {
      int status = ar.succeeded() ? ar.result().status() : -1;
      if (status == 200) {
        LOG.info("destination {}: HubSpot accepts the access token again", engine.destinationId);
        standing.release();
        schedulePump();
      } else {
        standing.probeFailed(engine.scheduler.now() + config.authProbeIntervalMs());
        engine.scheduler.schedule(config.authProbeIntervalMs(), this::probe);
      }
    }));
  }
}
