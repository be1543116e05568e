package io.hsdest.ingest;

/**
 * A request the server refuses as a whole: rendered by {@link ErrorResponses} as
 * {@code {"success":false,"error":{"code","message"}}} with the status. Carries no stack trace.
 */
final class IngestError extends RuntimeException {
  final int status;
  final String code;

  IngestError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }
}
