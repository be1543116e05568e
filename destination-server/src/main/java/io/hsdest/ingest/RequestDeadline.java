package io.hsdest.ingest;

/**
 * When one connection must be cut. A client gets {@code boundMs} from the moment its connection is
 * ready for a request (just opened, or the previous answer sent) to deliver that whole request,
 * headers and body. Bytes trickled in the meantime never move the deadline, which is what Vert.x's
 * idle timeout alone cannot do. The HTTP codec shows a request only once its headers are complete, so
 * a connection that is idle between requests and one trickling headers look the same: both are closed
 * at the deadline, which is also how long an idle keep-alive connection lives. Once a request has
 * arrived whole no deadline runs: {@code requestTimeoutMs} bounds the work on it.
 *
 * <p>A check that comes late (the event loop was held up: a long garbage-collection pause, a blocked
 * thread) may find a request whose bytes already wait unread behind it; such a check asks once to be
 * repeated after the server has read what is waiting, so that the server's own stall is not blamed on the
 * client.
 *
 * <p>Pure and single-threaded: the caller passes the time, owns the timer, and tells what happened.
 */
final class RequestDeadline {
  /** What to do with the connection when the deadline is checked. */
  enum Verdict {
    /** Nothing yet: the deadline has not passed, or the request is whole and being answered. */
    KEEP,
    /** No request (or not its headers) arrived in time: close the connection; there is nothing to answer. */
    CLOSE,
    /** The headers arrived but not the whole body: answer 408, then close. */
    ANSWER_TIMEOUT,
    /** The check came late: look again in {@link #RECHECK_MS}, after the server has read what is waiting. */
    RECHECK
  }

  /** How late a check must be for the server, not the client, to be the likely reason. */
  static final long LATE_MS = 250;
  static final long RECHECK_MS = 20;

  private final long boundMs;
  private long readySince;
  private boolean headersIn;
  private boolean whole;
  private boolean rechecked;

  RequestDeadline(long boundMs, long now) {
    if (boundMs <= 0) throw new IllegalArgumentException("the bound must be positive: " + boundMs);
    this.boundMs = boundMs;
    this.readySince = now;
  }

  /** The request's headers arrived; its body may still be on the way. The deadline does not move. */
  void headersArrived() {
    headersIn = true;
  }

  /** The whole request arrived: the client has done its part; the deadline stops until the answer is sent. */
  void bodyArrived() {
    headersIn = true;
    whole = true;
  }

  /** The answer was sent: the connection is ready for its next request, which gets a full bound from now. */
  void answered(long now) {
    readySince = now;
    headersIn = false;
    whole = false;
    rechecked = false;
  }

  /** When to check next, or {@link Long#MAX_VALUE} while the request is whole and being answered. */
  long dueAt() {
    return whole ? Long.MAX_VALUE : readySince + boundMs;
  }

  long boundMs() {
    return boundMs;
  }

  Verdict check(long now) {
    long due = readySince + boundMs;
    if (whole || now < due) return Verdict.KEEP;
    if (now - due >= LATE_MS && !rechecked) {
      rechecked = true;
      return Verdict.RECHECK;
    }
    return headersIn ? Verdict.ANSWER_TIMEOUT : Verdict.CLOSE;
  }
}
