package io.hsdest.ingest.message;

import java.util.Map;

/** {@code page}: a web page view. */
public record Page(Envelope envelope, String name, String category, Map<String, Object> properties,
    Map<String, Object> traits)
    implements Message {
  @Override
  public String type() {
    return "page";
  }
}
