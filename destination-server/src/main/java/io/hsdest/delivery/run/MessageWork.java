package io.hsdest.delivery.run;

import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.CallRecord;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Plan;
import io.hsdest.mapping.Reason;
import io.hsdest.mapping.Warning;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One message's progress: its operations still running, warnings so far, and how it ends. A
 * failure whose reason a later attempt may fix ({@link Reason#isRetryable}) leaves the message not
 * final: the client (or durable delivery) sends it again.
 */
final class MessageWork {
  final Plan plan;
  final RequestWork request;
  final long eventTimeMs;
  final List<OpTask> tasks = new ArrayList<>();
  final Set<Warning> warnings = new LinkedHashSet<>();
  final List<CallRecord> calls = new ArrayList<>();
  int remaining;
  Reason failureReason;
  String failureDetail;
  /** Why the message is not final although every operation ended (a retryable failure), or null. */
  Pending retryable;
  MessageResult result;

  MessageWork(Plan plan, RequestWork request) {
    this.plan = plan;
    this.request = request;
    this.eventTimeMs = plan.message().eventTime().toEpochMilli();
    this.warnings.addAll(plan.warnings());
  }

  boolean finished() {
    return result != null;
  }

  /** An operation succeeded (possibly with warnings). */
  void succeeded(List<Warning> more) {
    warnings.addAll(more);
    countDown();
  }

  /** An operation was refused: the message is dropped if it was the primary one, else the failure is a warning. */
  void failed(boolean primary, Reason reason, String detail) {
    if (reason.isRetryable()) {
      if (retryable == null) retryable = new Pending(Pending.Kind.UNAVAILABLE, 5_000, detail);
    } else if (primary) {
      if (failureReason == null) {
        failureReason = reason;
        failureDetail = detail;
      }
    } else {
      warnings.add(Warning.of(reason, null, detail));
    }
    countDown();
  }

  private void countDown() {
    if (--remaining == 0 && !finished()) finish();
  }

  private void finish() {
    if (retryable != null) {
      notFinal(retryable);
      return;
    }
    Outcome outcome = failureReason != null ? Outcome.DROPPED
        : warnings.isEmpty() ? Outcome.DELIVERED : Outcome.DELIVERED_WITH_WARNINGS;
    result = new MessageResult(plan.message().messageId(), plan.message().type(), outcome, failureReason, failureDetail,
        List.copyOf(warnings), List.copyOf(calls), null);
    request.messageFinished();
  }

  void finishTerminal() {
    var t = plan.terminal();
    result = new MessageResult(plan.message().messageId(), plan.message().type(), t.outcome(), t.reason(), t.detail(),
        List.copyOf(warnings), List.of(), null);
    request.messageFinished();
  }

  /** The message cannot be finished now; the client must resend it. */
  void notFinal(Pending pending) {
    result = new MessageResult(plan.message().messageId(), plan.message().type(), null, null, null,
        List.copyOf(warnings), List.copyOf(calls), pending);
    request.messageFinished();
  }
}
