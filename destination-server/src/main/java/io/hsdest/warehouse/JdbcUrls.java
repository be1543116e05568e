package io.hsdest.warehouse;

import java.util.regex.Pattern;

/**
 * Keeps credentials out of everything the warehouse shows: a JDBC URL loses its user info and query parameters
 * (where {@code password=} could hide), and a message loses every occurrence of the password.
 */
final class JdbcUrls {
  private static final Pattern USER_INFO = Pattern.compile("//[^/@?]*@");

  private JdbcUrls() {}

  static String redacted(String jdbcUrl) {
    if (jdbcUrl == null) return null;
    String s = USER_INFO.matcher(jdbcUrl).replaceFirst("//");
    int q = s.indexOf('?');
    int semicolon = s.indexOf(';');
    int cut = q < 0 ? semicolon : semicolon < 0 ? q : Math.min(q, semicolon);
    return cut < 0 ? s : s.substring(0, cut);
  }

  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s]*");

  /**
   * {@code message} as it may be shown: the URL redacted, the password and any {@code password=} value replaced.
   * For errors that come back from a driver, which may quote either.
   */
  static String clean(String message, WarehouseSettings s) {
    if (message == null) return "";
    String m = message.replace(s.jdbcUrl(), redacted(s.jdbcUrl()));
    if (s.password() != null) m = m.replace(s.password(), "***");
    return PASSWORD_PARAMETER.matcher(m).replaceAll("$1***");
  }
}
