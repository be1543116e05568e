package io.hsdest.durable;

import io.hsdest.config.DestinationSettings;
import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.ingest.RecordedMessages;
import io.hsdest.ingest.message.Message;
import io.hsdest.log.LogUnavailable;
import io.hsdest.log.MessageLog;
import io.hsdest.mapping.Mapper;
import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Plan;
import io.hsdest.mapping.Premapped;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.SchemaSnapshot;
import io.hsdest.mapping.Warning;
import io.hsdest.receipts.Receipt;
import io.hsdest.receipts.Receipts;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Durable mode's answer to a request (interface.md part 2): each message is either final at intake
 * ({@code DROPPED} or {@code SKIPPED} for a reason that needs no HubSpot answer: no identifier, an
 * invalid email, an unsupported call) or recorded in the log and {@code ACCEPTED}; a request is
 * answered only once its accepted messages are durable. A message recorded and still waiting for
 * delivery (the client resent the request) is not recorded twice. When the log cannot take them (full, disk or Kafka
 * unavailable), they are answered not final: {@code 503} with {@code Retry-After}, and the client resends.
 */
public final class DurableIntake {
  private final String destinationId;
  private final DestinationSettings settings;
  private final MessageLog log;
  private final Receipts receipts;
  private final RecentlyRecorded recent;
  private final BooleanSupplier deliveredHere;
  private final Function<Message, SchemaSnapshot> schemaNow;

  /**
   * @param deliveredHere whether this instance reads the destination's log now (with Kafka, another may): only then is
   *     what intake parsed and mapped kept for delivery to take
   * @param schemaNow the schema parts a message needs as cached now, without waiting (see DestinationPipeline.cachedFor)
   */
  DurableIntake(String destinationId, DestinationSettings settings, MessageLog log, Receipts receipts, RecentlyRecorded recent,
      BooleanSupplier deliveredHere, Function<Message, SchemaSnapshot> schemaNow) {
    this.destinationId = destinationId;
    this.settings = settings;
    this.log = log;
    this.receipts = receipts;
    this.recent = recent;
    this.deliveredHere = deliveredHere;
    this.schemaNow = schemaNow;
  }

  public Future<List<MessageResult>> accept(List<Message> messages) {
    MessageResult[] results = new MessageResult[messages.size()];
    List<Message> toRecord = new ArrayList<>();
    List<Premapped> plans = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    List<Boolean> finalBefore = new ArrayList<>();
    Set<String> inThisRequest = new HashSet<>();
    boolean handOver = deliveredHere.getAsBoolean();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      // mapped ahead against the schema cached now, so delivery here need not map it again while that schema holds
      SchemaSnapshot now = schemaNow.apply(m);
      Plan plan = Mapper.map(m, settings, now);
      Premapped ahead = new Premapped(plan, settings, now);
      // final here only for what needs no HubSpot answer: what mapping against no schema at all ends
      if (plan.terminal() != null && !SchemaSnapshot.UNKNOWN.equals(now)) plan = Mapper.map(m, settings, SchemaSnapshot.UNKNOWN);
      if (plan.terminal() != null) {
        var t = plan.terminal();
        results[i] = new MessageResult(m.messageId(), m.type(), t.outcome(), t.reason(), t.detail(), withoutSchemaNotes(plan.warnings()),
            List.of(), null);
        receipts.finished(results[i]);
        continue;
      }
      Receipt known = receipts.find(m.messageId());
      if (known != null && "ACCEPTED".equals(known.outcome()) || !inThisRequest.add(m.messageId())) {
        results[i] = accepted(m); // recorded already and not yet delivered: a resend is not recorded twice
        continue;
      }
      // one final already is recorded and written again, idempotently, as in sync mode: its receipt says what HubSpot
      // took then, and HubSpot may have lost or changed it since (a contact deleted, a portal reset, a replay of history)
      toRecord.add(m);
      plans.add(ahead);
      where.add(i);
      finalBefore.add(known != null);
    }
    if (toRecord.isEmpty()) return Future.succeededFuture(List.of(results));
    List<byte[]> entries = new ArrayList<>(toRecord.size());
    for (int k = 0; k < toRecord.size(); k++) {
      byte[] entry = RecordedMessages.encode(toRecord.get(k));
      entries.add(entry);
      // before the append: the log may hand it to delivery before the append's answer is seen here
      if (handOver) recent.recorded(entry, toRecord.get(k), plans.get(k));
    }
    return log.append(destinationId, entries).transform(ar -> {
      if (ar.failed() && handOver) entries.forEach(recent::forget);
      for (int k = 0; k < toRecord.size(); k++) {
        Message m = toRecord.get(k);
        if (ar.succeeded()) {
          if (finalBefore.get(k)) receipts.acceptedAgain(m.messageId(), m.type());
          else receipts.accepted(m.messageId(), m.type());
          results[where.get(k)] = accepted(m);
        } else {
          long retryAfter = ar.cause() instanceof LogUnavailable u ? u.retryAfterMs() : 5_000;
          String why = ar.cause() instanceof LogUnavailable ? ar.cause().getMessage() : "the message could not be recorded";
          results[where.get(k)] = new MessageResult(m.messageId(), m.type(), null, null, null, List.of(), List.of(),
              new Pending(Pending.Kind.UNAVAILABLE, retryAfter, why));
        }
      }
      return Future.succeededFuture(List.of(results));
    });
  }

  private static MessageResult accepted(Message m) {
    return new MessageResult(m.messageId(), m.type(), Outcome.ACCEPTED, null, null, List.of(), List.of(), null);
  }

  /** Mapping without a schema notes that it did not check property names: not news to a client at intake. */
  private static List<Warning> withoutSchemaNotes(List<Warning> warnings) {
    return warnings.stream().filter(w -> w.reason() != Reason.SCHEMA_UNKNOWN).toList();
  }
}
