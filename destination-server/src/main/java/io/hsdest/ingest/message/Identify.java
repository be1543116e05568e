package io.hsdest.ingest.message;

import java.util.Map;

/** {@code identify}: who the user is and what is known about them. */
public record Identify(Envelope envelope, Map<String, Object> traits) implements Message {
  @Override
  public String type() {
    return "identify";
  }
}
