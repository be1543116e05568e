package io.hsdest.ingest;

import io.vertx.core.net.SocketAddress;

/** Whether a client connects from this machine (127.0.0.0/8, ::1, or a Unix socket). */
public final class Loopback {
  private Loopback() {}

  public static boolean is(SocketAddress address) {
    if (address == null) return false;
    if (address.isDomainSocket()) return true;
    String host = address.hostAddress();
    if (host == null) host = address.host();
    if (host == null) return false;
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::ffff:127.0.0.1");
  }
}
