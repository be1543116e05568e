package io.hsdest.mapping;

/**
 * Something a message's sender should know: a property dropped, a value changed, an association
 * postponed. {@code property} is null when the warning is about the whole message.
 */
public record Warning(String code, String property, String message) {

  public static Warning of(String code, String property, String message) {
    return new Warning(code, property, message);
  }

  @Override
  public String toString() {
    return property == null ? code : code + ":" + property;
  }
}
