package io.hsdest.mapping;

/** A message finished before any HubSpot call: skipped or dropped, with a reason and an explanation. */
public record Terminal(Outcome outcome, Reason reason, String detail) {

  public static Terminal dropped(Reason reason, String detail) {
    return new Terminal(Outcome.DROPPED, reason, detail);
  }

  public static Terminal skipped(Reason reason, String detail) {
    return new Terminal(Outcome.SKIPPED, reason, detail);
  }

  static Terminal dropped(Warning why) {
    return new Terminal(Outcome.DROPPED, why.reason(), why.property() == null ? why.message() : why.property() + ": " + why.message());
  }
}
