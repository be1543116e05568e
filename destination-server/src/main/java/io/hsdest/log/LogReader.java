package io.hsdest.log;

import java.util.List;

/**
 * What reads a {@link MessageLog}: delivery. Every call comes on the context given to
 * {@link MessageLog#start}, one at a time, in order.
 */
public interface LogReader {
  /**
   * The destination is now read here. With Kafka: its partition was assigned to this instance and
   * the shared state (pending associations, watermarks, receipts) has caught up with what the
   * previous owner committed. Always before its first {@link #entries}.
   */
  void assigned(String destinationId);

  /**
   * The destination is no longer read here (another instance owns it, or the log is closing): stop
   * working on its entries. A {@link LogEntry#done()} of its entries is then ignored, and they are
   * read again by the next owner unless they were done before.
   */
  void revoked(String destinationId);

  /** The next entries of the destination, in log order; never empty. */
  void entries(String destinationId, List<LogEntry> batch);
}
