package io.hsdest.ingest.message;

/** {@code alias}: {@code previousId} and {@code userId} are the same person. */
public record Alias(Envelope envelope, String previousId) implements Message {
  @Override
  public String type() {
    return "alias";
  }
}
