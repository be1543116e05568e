package io.hsdest.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's sign-in sessions. A session is a cookie value {@code id.expiry.signature}: a random id, when it
 * expires, and an HMAC-SHA256 over both with a key drawn at random when the server starts, so the cookie proves
 * itself and never contains or derives from the admin token. A restart signs everyone out; signing out revokes the
 * id until it would have expired. Each session has a CSRF token (an HMAC of its id with the same key) that the page
 * sends back in a header with every POST. Thread-safe.
 */
final class ConsoleSessions {
  static final String COOKIE = "hsdest_console";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A verified session. */
  record Session(String id, long expiresAt) {}

  private final byte[] key = new byte[32];
  private final SecureRandom random = new SecureRandom();
  private final long lifetimeMs;
  private final LongSupplier clock;
  private final Map<String, Long> revoked = new ConcurrentHashMap<>();

  ConsoleSessions(long lifetimeMs, LongSupplier clock) {
    random.nextBytes(key);
    this.lifetimeMs = lifetimeMs;
    this.clock = clock;
  }

  long lifetimeMs() {
    return lifetimeMs;
  }

  /** A new session's cookie value. */
  String issue() {
    byte[] id = new byte[18];
    random.nextBytes(id);
    String payload = B64.encodeToString(id) + "." + (clock.getAsLong() + lifetimeMs);
    return payload + "." + sign("session." + payload);
  }

  /** The session this cookie value proves, or null when it is forged, expired, revoked or malformed. */
  Session verify(String cookie) {
    if (cookie == null || cookie.length() > 200) return null;
    int last = cookie.lastIndexOf('.');
    int first = cookie.indexOf('.');
    if (first <= 0 || last <= first) return null;
    String payload = cookie.substring(0, last);
    if (!equal(sign("session." + payload), cookie.substring(last + 1))) return null;
    long expiresAt;
    try {
      expiresAt = Long.parseLong(cookie.substring(first + 1, last));
    } catch (NumberFormatException e) {
      return null;
    }
    String id = cookie.substring(0, first);
    long now = clock.getAsLong();
    if (expiresAt <= now || revoked.containsKey(id)) return null;
    return new Session(id, expiresAt);
  }

  /** The CSRF token of a session, as the page embeds it and sends it back. */
  String csrf(Session s) {
    return sign("csrf." + s.id());
  }

  boolean csrfMatches(Session s, String presented) {
    return s != null && presented != null && equal(csrf(s), presented);
  }

  /** Signing out: the session stops working at once (and the revocation is forgotten once it would have expired). */
  void revoke(Session s) {
    long now = clock.getAsLong();
    revoked.values().removeIf(expiry -> expiry <= now);
    revoked.put(s.id(), s.expiresAt());
  }

  private String sign(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return B64.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
