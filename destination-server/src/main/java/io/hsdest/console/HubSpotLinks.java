package io.hsdest.console;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links into HubSpot's own UI for a portal, from the {@code uiDomain} its account details give
 * ({@code app.hubspot.com}, {@code app-eu1.hubspot.com}, ...): a contact or company record named in a message's
 * HubSpot requests or in what delivery said about it, and the portal's private apps (where scopes are granted).
 * Only HubSpot's own domains are used, so a link can never point elsewhere.
 */
final class HubSpotLinks {
  private static final Pattern UI_DOMAIN = Pattern.compile("app(-[a-z]{2,4}\\d)?\\.hubspot\\.com");
  /** "contact 123" / "company 456" in delivery's texts; {@code /objects/contacts/123} in a request path. */
  private static final Pattern IN_TEXT = Pattern.compile("\\b(contact|company) (\\d{1,20})\\b");
  private static final Pattern IN_PATH = Pattern.compile("/objects/(contacts|companies|0-1|0-2)/(\\d{1,20})(?:[/?]|$)");

  private final String base;
  private final String portalId;

  private HubSpotLinks(String base, String portalId) {
    this.base = base;
    this.portalId = portalId;
  }

  /** Links for this portal, or null when the domain is not HubSpot's (or not known yet). */
  static HubSpotLinks of(String uiDomain, String portalId) {
    if (uiDomain == null || portalId == null || !UI_DOMAIN.matcher(uiDomain).matches() || !portalId.matches("\\d+")) return null;
    return new HubSpotLinks("https://" + uiDomain, portalId);
  }

  String record(String objectTypeId, String id) {
    return base + "/contacts/" + portalId + "/record/" + objectTypeId + "/" + id;
  }

  String privateApps() {
    return base + "/private-apps/" + portalId;
  }

  /** Record links for the contacts and companies these texts and request paths name, each once. */
  List<Map<String, String>> records(List<String> texts, List<String> paths) {
    Set<String> seen = new LinkedHashSet<>();
    List<Map<String, String>> out = new ArrayList<>();
    for (String t : texts) {
      if (t == null) continue;
      Matcher m = IN_TEXT.matcher(t);
      while (m.find()) add(m.group(1).equals("contact") ? "0-1" : "0-2", m.group(2), seen, out);
    }
    for (String p : paths) {
      if (p == null) continue;
      Matcher m = IN_PATH.matcher(p);
      if (m.find()) add(m.group(1).startsWith("contact") || m.group(1).equals("0-1") ? "0-1" : "0-2", m.group(2), seen, out);
    }
    return out;
  }

  private void add(String type, String id, Set<String> seen, List<Map<String, String>> out) {
    if (!seen.add(type + "/" + id) || out.size() >= 10) return;
    out.add(Map.of("label", (type.equals("0-1") ? "contact " : "company ") + id, "url", record(type, id)));
  }
}
