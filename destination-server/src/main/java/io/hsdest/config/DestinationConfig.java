package io.hsdest.config;

import java.util.Set;

/**
 * One destination: an id, the write keys that reach it, and its settings.
 *
 * @param anyKeyFromLoopback the embedded default without {@code WRITE_KEYS}: any write key is
 *     accepted, but only from loopback clients
 */
public record DestinationConfig(String id, Set<String> writeKeys, DestinationSettings settings, boolean anyKeyFromLoopback) {

  @Override
  public String toString() {
    return "DestinationConfig[id=" + id + ", writeKeys=" + writeKeys.size() + ", " + settings + "]";
  }
}
