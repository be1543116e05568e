package io.hsdest.delivery;

import io.hsdest.delivery.MessageResult.CallRecord;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.mapping.Outcome;
import io.hsdest.mapping.Plan;
import io.hsdest.mapping.Warning;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One message's progress: its operations still running, warnings so far, and how it ends. */
final class MessageWork {
  final Plan plan;
  final RequestWork request;
  final int index;
  final long eventTimeMs;
  final List<OpTask> tasks = new ArrayList<>();
  final Set<Warning> warnings = new LinkedHashSet<>();
  final List<CallRecord> calls = new ArrayList<>();
  int remaining;
  String failureReason;
  String failureDetail;
  MessageResult result;

  MessageWork(Plan plan, RequestWork request, int index) {
    this.plan = plan;
    this.request = request;
    this.index = index;
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

  /** An operation was refused for good: the message is dropped if it was the primary one. */
  void failed(boolean primary, String reason, String detail) {
    if (primary) {
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

  void finish() {
    Outcome outcome = failureReason != null ? Outcome.DROPPED
        : warnings.isEmpty() ? Outcome.DELIVERED : Outcome.DELIVERED_WITH_WARNINGS;
    result = new MessageResult(plan.message().messageId(), plan.message().type(), outcome, failureReason, failureDetail,
        List.copyOf(warnings), List.copyOf(calls), null);
    request.messageFinished(this);
  }

  void finishTerminal() {
    var t = plan.terminal();
    result = new MessageResult(plan.message().messageId(), plan.message().type(), t.outcome(), t.reason(), t.detail(),
        List.copyOf(warnings), List.of(), null);
    request.messageFinished(this);
  }

  /** The message cannot be finished now; the client must resend it. */
  void notFinal(Pending pending) {
    result = new MessageResult(plan.message().messageId(), plan.message().type(), null, null, null,
        List.copyOf(warnings), List.copyOf(calls), pending);
    request.messageFinished(this);
  }
}
