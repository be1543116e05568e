package io.hsdest.ingest.message;

import java.time.Instant;

/** One Segment-spec call. */
public sealed interface Message permits Identify, Track, Page, Screen, Group, Alias {

  Envelope envelope();

  /** The Segment type name, as clients send it ("identify", "track", ...). */
  String type();

  default String messageId() {
    return envelope().messageId();
  }

  default String userId() {
    return envelope().userId();
  }

  default Context context() {
    return envelope().context();
  }

  /** When the call happened: {@code timestamp}, else {@code originalTimestamp}, else when it was received. */
  default Instant eventTime() {
    return envelope().eventTime();
  }
}
