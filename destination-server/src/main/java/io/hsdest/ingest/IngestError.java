package io.hsdest.ingest;

/**
 * A request the server refuses as a whole: rendered by {@link IngestRoutes#failures} as
 * {@code {"success":false,"error":{"code","message"}}} with the status. Carries no stack trace.
 * Any route may throw it (or fail its context with it) to answer a clear 4xx.
 */
public final class IngestError extends RuntimeException {
  final int status;
  final String code;

  public IngestError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }
}
