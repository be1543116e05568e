package io.hsdest.ingest;

import io.hsdest.config.DestinationConfig;
import io.hsdest.delivery.Arrival;
import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.ingest.message.Message;
import io.vertx.core.Future;
import java.util.List;

/** A configured destination as intake sees it: where its messages go, and whether it takes more now. */
public interface Destination {
  DestinationConfig config();

  default String id() {
    return config().id();
  }

  /** Delivers the messages; one result per message, in order (not final ones carry why and when to resend). */
  default Future<List<MessageResult>> deliver(List<Message> messages, long timeoutMs) {
    return deliver(messages, timeoutMs, Arrival.NONE);
  }

  /** As {@link #deliver(List, long)}, for a request in intake since {@link #arriving()}. */
  Future<List<MessageResult>> deliver(List<Message> messages, long timeoutMs, Arrival arrival);

  /**
   * A request for this destination begins intake now: in sync mode, batches taken meanwhile may wait for it. The
   * caller closes it when the request is answered, whatever the answer.
   */
  default Arrival arriving() {
    return Arrival.NONE;
  }

  /** What delivering would send, with every warning; nothing is written to HubSpot. */
  Future<List<MessageResult>> validate(List<Message> messages, long timeoutMs);

  /** Whether requests are refused for load right now (then answered 429/503 before any parsing), or null. */
  Pending busy();
}
