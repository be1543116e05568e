package io.hsdest.emailevents;

import java.util.Set;

/** What a sink's answer to one batch means for that batch. */
sealed interface SinkAnswer {
  /** Every event of the batch is taken. */
  record Accepted() implements SinkAnswer {}

  /** Nothing is taken yet, and trying again later may work (429, 5xx, no answer). */
  record RetryLater(long askedMs, String why) implements SinkAnswer {}

  /** The batch as a whole was refused (too large, or one bad event among many): send it in halves. */
  record Split(String why) implements SinkAnswer {}

  /** These events (indexes into the batch) can never be taken; the others were not taken and go again. */
  record RejectedEvents(Set<Integer> indexes, String why) implements SinkAnswer {}

  /** The sink refuses us, not the events (wrong key, wrong URL): stop until someone fixes the settings. */
  record Refused(int status, String why) implements SinkAnswer {}
}
