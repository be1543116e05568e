package io.hsdest.ingest.message;

import java.util.Map;

/** {@code screen}: a mobile screen view. */
public record Screen(Envelope envelope, String name, Map<String, Object> properties, Map<String, Object> traits) implements Message {
  @Override
  public String type() {
    return "screen";
  }
}
