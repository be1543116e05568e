package io.hsdest.console;

import io.hsdest.delivery.MessageResult;
import io.hsdest.ingest.message.Message;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One destination's memory for the console, fed by {@link MessageWatch}: the latest messages (a ring of
 * {@value #RECENT}), outcomes per minute over the last hour, and the schema misses delivery met. Bounded whatever
 * the traffic; the work per delivered request is a few counters and references (the page builds its view on demand).
 */
public final class MessageLog implements MessageWatch {
  static final int RECENT = 100;
  static final int MINUTES = 60;

  final RecentMessages recent = new RecentMessages(RECENT);
  final OutcomeTimeline outcomes = new OutcomeTimeline(MINUTES);
  final SchemaMisses misses = new SchemaMisses();
  private final LongSupplier clock;

  public MessageLog() {
    this(System::currentTimeMillis);
  }

  MessageLog(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public void delivered(List<Message> messages, List<MessageResult> results) {
    long now = clock.getAsLong();
    int[] byOutcome = new int[OutcomeTimeline.OUTCOMES.size()];
    int n = Math.min(messages.size(), results.size());
    for (int i = 0; i < n; i++) {
      MessageResult r = results.get(i);
      byOutcome[OutcomeTimeline.indexOf(r.isFinal() ? r.outcome().name() : "RETRY_LATER")]++;
      recent.add(new RecentMessages.Entry(now, messages.get(i), r));
      misses.count(messages.get(i), r, now);
    }
    outcomes.add(now, byOutcome);
  }

  long now() {
    return clock.getAsLong();
  }
}
