package io.hsdest.delivery.run;

import io.hsdest.delivery.MessageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One client request: its messages, a deadline, and the callback that answers the client. */
final class RequestWork {
  final List<MessageWork> messages = new ArrayList<>();
  private final Consumer<List<MessageResult>> answer;
  private int unfinished;
  long timerId = -1;
  /** When the server took the request (its operations batch with those of requests taken about then). */
  final long admittedAt;
  boolean answered;

  RequestWork(long admittedAt, Consumer<List<MessageResult>> answer) {
    this.admittedAt = admittedAt;
    this.answer = answer;
  }

  void add(MessageWork m) {
    messages.add(m);
    unfinished++;
  }

  void messageFinished() {
    if (--unfinished == 0) answer();
  }

  private void answer() {
    if (answered) return;
    answered = true;
    List<MessageResult> results = new ArrayList<>(messages.size());
    for (MessageWork m : messages) results.add(m.result);
    answer.accept(results);
  }
}
