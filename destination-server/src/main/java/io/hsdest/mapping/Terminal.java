package io.hsdest.mapping;

/** A message finished before any HubSpot call: skipped or dropped, with a code and an explanation. */
public record Terminal(Outcome outcome, String reason, String detail) {

  public static Terminal dropped(String reason, String detail) {
    return new Terminal(Outcome.DROPPED, reason, detail);
  }

  public static Terminal skipped(String reason, String detail) {
    return new Terminal(Outcome.SKIPPED, reason, detail);
  }

  static Terminal dropped(Warning why) {
    return new Terminal(Outcome.DROPPED, why.code(), why.property() == null ? why.message() : why.property() + ": " + why.message());
  }
}
