package io.hsdest.log;

/** One recorded message as read back from a {@link MessageLog}. */
public interface LogEntry {
  /** The bytes given to {@link MessageLog#append}. */
  byte[] payload();

  /** Where the entry is in its destination's sequence (embedded) or its partition (Kafka); increases in log order. */
  long position();

  /** When the entry was appended (epoch ms, the appending machine's clock). */
  long appendedAtMs();

  /**
   * The entry is final (delivered, dropped, or kept as a dead letter): it will not be read again once
   * every entry before it is done too. Called on the reader's context, in any order, at most once
   * per entry read; ignored after the destination was revoked.
   */
  void done();
}
