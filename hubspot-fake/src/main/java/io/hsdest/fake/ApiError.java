package io.hsdest.fake;

/**
 * Thrown by an endpoint to answer with a HubSpot error envelope instead of a result ("fail, don't render").
 * No stack trace: this is control flow, thrown thousands of times a second under load.
 */
final class ApiError extends RuntimeException {
  final Reply reply;

  ApiError(Reply reply) {
    super(null, null, false, false);
    this.reply = reply;
  }

  @Override
  public String getMessage() {
    return reply.status + " " + reply.body;
  }
}
