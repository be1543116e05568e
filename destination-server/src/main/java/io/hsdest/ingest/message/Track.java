package io.hsdest.ingest.message;

import java.util.Map;

/** {@code track}: something the user did. */
public record Track(Envelope envelope, String event, Map<String, Object> properties, Map<String, Object> traits) implements Message {
  @Override
  public String type() {
    return "track";
  }
}
