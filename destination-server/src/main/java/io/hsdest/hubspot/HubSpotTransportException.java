package io.hsdest.hubspot;

/** No HTTP answer from HubSpot: refused connection, reset, or timeout. Always retryable. */
public final class HubSpotTransportException extends RuntimeException {
  public HubSpotTransportException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
