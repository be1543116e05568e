package io.hsdest.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Write key to destination. A destination configured without write keys (the embedded default
 * when {@code WRITE_KEYS} is unset) takes any key, but only from a loopback client.
 */
public final class Destinations {
  private final List<Destination> all;
  private final Map<String, Destination> byKey = new HashMap<>();
  private final Destination anyKeyFromLoopback;

  public Destinations(List<Destination> all) {
    this.all = List.copyOf(all);
    Destination open = null;
    for (Destination d : all) {
      if (d.config().anyKeyFromLoopback()) open = d;
      else for (String k : d.config().writeKeys()) byKey.put(k, d);
    }
    this.anyKeyFromLoopback = open;
  }

  public List<Destination> all() {
    return all;
  }

  /** The destination whose snippet this key asks for, or null. */
  public Destination forSnippet(String writeKey, io.vertx.core.net.SocketAddress client) {
    try {
      return forWriteKey(writeKey, Loopback.is(client));
    } catch (IngestError unknown) {
      return null;
    }
  }

  /**
   * The destination of a request authenticated as ingest is: the write key as the Basic auth user
   * name, else {@code bodyWriteKey} (may be null). Throws an {@link IngestError} 401 that says why not.
   */
  public Destination authenticate(io.vertx.core.http.HttpServerRequest request, String bodyWriteKey) {
    String headerKey = IngestHandler.basicUser(request.getHeader("Authorization"));
    return forWriteKey(headerKey != null ? headerKey : bodyWriteKey, Loopback.is(request.remoteAddress()));
  }

  /** The destination for this key, or an {@link IngestError} 401 that says why not. */
  Destination forWriteKey(String writeKey, boolean loopbackClient) {
    if (writeKey == null || writeKey.isBlank()) {
      throw new IngestError(401, "MISSING_WRITE_KEY",
          "no write key: send it as the Basic auth user name (\"writeKey:\") or as \"writeKey\" in the body");
    }
    Destination d = byKey.get(writeKey);
    if (d != null) return d;
    if (anyKeyFromLoopback != null) {
      if (loopbackClient) return anyKeyFromLoopback;
      throw new IngestError(401, "UNKNOWN_WRITE_KEY",
          "this server has no WRITE_KEYS configured, so it accepts write keys only from its own machine; set WRITE_KEYS");
    }
    throw new IngestError(401, "UNKNOWN_WRITE_KEY", "the write key is not configured for any destination");
  }
}
