package io.hsdest.log;

/**
 * The entries read and not yet committed, as a range of positions {@code [base, next)}: which are
 * done, and when each was appended. {@code base} is the first position not done, so everything
 * before it may be committed (contiguous commit, whatever order entries are done in). Positions
 * skipped by {@link #add} (gaps in a Kafka partition) count as done. Not thread-safe: one owner.
 */
final class DoneWindow {
  private long base;
  private long next;
  private boolean[] done = new boolean[256];
  private long[] appendedAt = new long[256];

  DoneWindow(long start) {
    this.base = start;
    this.next = start;
  }

  long base() {
    return base;
  }

  long next() {
    return next;
  }

  /** Positions read and not committed (done or not). */
  long span() {
    return next - base;
  }

  /** Appends a position read; it must be at or after {@link #next()}; the positions in between count as done. */
  void add(long position, long appendedAtMs) {
    if (position < next) throw new IllegalArgumentException("position " + position + " is before " + next);
    ensureCapacity(position + 1 - base);
    for (long p = next; p < position; p++) set(p, true, 0);
    set(position, false, appendedAtMs);
    next = position + 1;
    advance();
  }

  /** Marks a position done; true if it was read and not done before. Moves {@link #base()} past what is contiguous. */
  boolean done(long position) {
    if (position < base || position >= next) return false;
    int i = index(position);
    if (done[i]) return false;
    done[i] = true;
    if (position == base) advance();
    return true;
  }

  /** When the first position not done was appended, or -1 when every position read is done. */
  long oldestAppendedAtMs() {
    return base < next ? appendedAt[index(base)] : -1;
  }

  private void advance() {
    while (base < next && done[index(base)]) base++;
  }

  private void set(long position, boolean isDone, long at) {
    int i = index(position);
    done[i] = isDone;
    appendedAt[i] = at;
  }

  private int index(long position) {
    return (int) (position & (done.length - 1));
  }

  private void ensureCapacity(long needed) {
    if (needed <= done.length) return;
    int capacity = done.length;
    while (capacity < needed) capacity <<= 1;
    boolean[] d = new boolean[capacity];
    long[] a = new long[capacity];
    for (long p = base; p < next; p++) {
      int from = index(p);
      int to = (int) (p & (capacity - 1));
      d[to] = done[from];
      a[to] = appendedAt[from];
    }
    done = d;
    appendedAt = a;
  }
}
