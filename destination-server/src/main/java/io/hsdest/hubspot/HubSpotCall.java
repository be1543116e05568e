package io.hsdest.hubspot;

/**
 * One HTTP call to HubSpot: method, path (with query) and JSON body (a Map/List tree, or null).
 * Built by {@link Calls}; the token is added by the client and is never part of a call.
 */
public record HubSpotCall(Endpoint endpoint, String method, String path, Object body) {

  @Override
  public String toString() {
    return method + " " + path;
  }
}
