package io.hsdest.store;

/**
 * The names of the maps a destination keeps. Every map is per destination and per HubSpot portal:
 * a destination pointed at another portal (or a sandbox refreshed under the same data directory and
 * a new Hub ID) starts from empty hints instead of trusting another portal's ids.
 */
public final class StoreNames {
  private StoreNames() {}

  public static String ids(String destinationId, String portalId) {
    return "ids:" + destinationId + ":" + portalId;
  }

  public static String watermarks(String destinationId, String portalId) {
    return "watermarks:" + destinationId + ":" + portalId;
  }

  public static String pendingAssociations(String destinationId, String portalId) {
    return "pending-associations:" + destinationId + ":" + portalId;
  }
}
