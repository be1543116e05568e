package io.hsdest.mapping;

/**
 * Something a message's sender should know: a property dropped, a value changed, an association
 * postponed. {@code property} is null when the warning is about the whole message.
 */
public record Warning(Reason reason, String property, String message) {

  public static Warning of(Reason reason, String property, String message) {
    return new Warning(reason, property, message);
  }

  /** The code clients see. */
  public String code() {
    return reason.name();
  }

  @Override
  public String toString() {
    return property == null ? code() : code() + ":" + property;
  }
}
