package io.hsdest.log;

/**
 * An append that cannot be made durable now: the client should be answered 503 with
 * {@code Retry-After}. The message is fit for a client (it names the cause and the setting to change,
 * never a secret).
 */
public final class LogUnavailable extends RuntimeException {
  private final long retryAfterMs;

  public LogUnavailable(String reason, long retryAfterMs) {
    this(reason, retryAfterMs, null);
  }

  public LogUnavailable(String reason, long retryAfterMs, Throwable cause) {
    super(reason, cause, false, false);
    this.retryAfterMs = retryAfterMs;
  }

  public long retryAfterMs() {
    return retryAfterMs;
  }
}
