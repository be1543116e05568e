package io.hsdest.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Column names for HubSpot's names: a property keeps its internal name, a JSON field becomes snake_case
 * ({@code emailCampaignId} -> {@code email_campaign_id}, {@code sentBy.created} -> {@code sent_by_created}). A name
 * the sync uses itself ({@code id}, {@code archived}, ...) gets the prefix {@code property_}; one longer than
 * PostgreSQL's 63 bytes is cut and given a short hash, so that two long names never meet.
 */
final class ColumnNames {
  private ColumnNames() {}

  static String forProperty(String propertyName, Set<String> own) {
    String n = propertyName.toLowerCase(Locale.ROOT);
    return fit(own.contains(n) ? "property_" + n : n);
  }

  static String snake(String camel) {
    StringBuilder b = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && camel.charAt(i - 1) != '_' && !Character.isUpperCase(camel.charAt(i - 1))) b.append('_');
        b.append(Character.toLowerCase(c));
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        b.append(c);
      } else {
        b.append('_');
      }
    }
    return b.toString();
  }

  static String fit(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= Dialect.MAX_IDENTIFIER) return name;
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      String tail = "_" + HexFormat.of().formatHex(h, 0, 4);
      String head = name;
      while (head.getBytes(StandardCharsets.UTF_8).length > Dialect.MAX_IDENTIFIER - tail.length()) {
        head = head.substring(0, head.length() - 1);
      }
      return head + tail;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
