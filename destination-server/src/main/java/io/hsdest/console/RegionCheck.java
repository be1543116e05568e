package io.hsdest.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The region the settings send the browser snippet to ({@code hublet}, else {@code eu1} with
 * {@code enableEuropeanDataCenter}, else the US {@code na1}), against where HubSpot says the account's data is
 * hosted ({@code dataHostingLocation} of account details). A mismatch is pain point 14: the snippet loads HubSpot's
 * scripts from the wrong data centre and page views silently never arrive. (Cloud mode is not affected:
 * {@code api.hubapi.com} routes every region.)
 */
final class RegionCheck {
  private RegionCheck() {}

  static Map<String, Object> of(JsonNode settings, String dataHostingLocation) {
    String hublet = settings.path("hublet").asText("").trim().toLowerCase(Locale.ROOT);
    boolean eu = settings.path("enableEuropeanDataCenter").asBoolean(false);
    String expected = !hublet.isEmpty() ? hublet : eu ? "eu1" : "na1";
    String configuredBy = !hublet.isEmpty() ? "hublet \"" + hublet + "\"" : eu ? "enableEuropeanDataCenter true"
        : "neither hublet nor enableEuropeanDataCenter (the US hosts)";
    String actual = dataHostingLocation == null ? null : dataHostingLocation.trim().toLowerCase(Locale.ROOT);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("settingsRegion", expected);
    out.put("configuredBy", configuredBy);
    out.put("dataHostingLocation", actual);
    if (actual == null || actual.isEmpty()) {
      out.put("match", null);
      out.put("advice", "HubSpot did not say where the account is hosted; the region could not be checked");
      return out;
    }
    boolean match = expected.equals(actual);
    out.put("match", match);
    if (!match) {
      String fix = actual.equals("eu1") ? "set enableEuropeanDataCenter to true (or hublet to \"eu1\")"
          : actual.equals("na1") ? (eu ? "set enableEuropeanDataCenter to false" : "") + (!hublet.isEmpty()
              ? (eu ? " and " : "") + "clear hublet" : "")
          : "set hublet to \"" + actual + "\"";
      out.put("advice", "HubSpot hosts this account in " + actual + ", but the settings say " + expected + " ("
          + configuredBy + "): the browser snippet would load HubSpot's scripts from the wrong data centre and its page "
          + "views would not reach the account. " + Character.toUpperCase(fix.charAt(0)) + fix.substring(1) + ".");
    }
    return out;
  }
}
