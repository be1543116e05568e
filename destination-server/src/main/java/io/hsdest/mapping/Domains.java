package io.hsdest.mapping;

import java.util.Locale;

/**
 * A company's domain from its website: the host, lowercased, without scheme, {@code www.},
 * port, path, query or credentials. {@code https://www.Acme.io:443/about?x=1 -> acme.io}.
 */
public final class Domains {
  private Domains() {}

  public static String fromWebsite(Object website) {
    if (!(website instanceof String s)) return null;
    String t = Text.trim(s);
    if (t.isEmpty()) return null;
    int scheme = t.indexOf("://");
    if (scheme >= 0) t = t.substring(scheme + 3);
    else if (t.startsWith("//")) t = t.substring(2);
    int end = t.length();
    for (char stop : new char[] {'/', '?', '#'}) {
      int i = t.indexOf(stop);
      if (i >= 0 && i < end) end = i;
    }
    t = t.substring(0, end);
    int at = t.lastIndexOf('@');
    if (at >= 0) t = t.substring(at + 1);
    int colon = t.lastIndexOf(':');
    if (colon >= 0 && !t.endsWith("]")) t = t.substring(0, colon);
    return host(t);
  }

  static String fromTrait(Object domain) {
    return domain instanceof String ? fromWebsite(domain) : null;
  }

  private static String host(String t) {
    String h = t.toLowerCase(Locale.ROOT);
    while (h.endsWith(".")) h = h.substring(0, h.length() - 1);
    if (h.startsWith("www.")) h = h.substring(4);
    if (h.isEmpty() || !h.contains(".") || h.contains(" ")) return null;
    return h;
  }
}
