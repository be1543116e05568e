package io.hsdest.receipts;

/** Where one kind of receipt is kept, by messageId, each with the time it was written (for the retention and the bound). */
interface Shelf {
  Receipt get(String messageId);

  void put(Receipt r, long nowMs);

  /**
   * For the shelf of {@code ACCEPTED} receipts, each written at the moment it names: when this message's was (epoch
   * ms), or -1 when it has none. Where the time is kept beside the receipt, this reads no receipt.
   */
  default long acceptedAtMs(String messageId) {
    Receipt r = get(messageId);
    return r == null ? -1 : java.time.Instant.parse(r.acceptedAt()).toEpochMilli();
  }

  void remove(String messageId, long nowMs);

  /** Forgets receipts written before {@code cutoffMs}, then the oldest beyond {@code max}; returns how many. */
  int sweep(long cutoffMs, long max);

  long size();

  /** Lets go of what it holds (files); called once, when the server stops. */
  default void close() {}
}
