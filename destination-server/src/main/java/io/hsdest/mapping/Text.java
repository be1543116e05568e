package io.hsdest.mapping;

/** String hygiene shared by every value: trimming that also removes invisible characters. */
final class Text {
  private Text() {}

  /** Zero-width space, non-joiner, joiner, word joiner and the byte-order mark. */
  static boolean isInvisible(int c) {
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
  }

  private static boolean isTrimmable(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || isInvisible(c);
  }

  /** Trims whitespace (including non-breaking spaces) and zero-width characters at both ends. */
  static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isTrimmable(s.charAt(start))) start++;
    while (end > start && isTrimmable(s.charAt(end - 1))) end--;
    return start == 0 && end == s.length() ? s : s.substring(start, end);
  }

  /** Removes zero-width characters anywhere (for identifiers such as emails, where they are never meant). */
  static String withoutInvisible(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isInvisible(c)) {
        if (b == null) b = new StringBuilder(s.substring(0, i));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }
}
