package io.hsdest.mapping;

/**
 * The result of coercing one value: the string HubSpot receives (null when the value was
 * refused), and a warning when something was changed or refused.
 */
record Coerced(String value, Warning warning) {
  static Coerced ok(String value) {
    return new Coerced(value, null);
  }

  static Coerced changed(String value, Warning warning) {
    return new Coerced(value, warning);
  }

  static Coerced refused(Warning warning) {
    return new Coerced(null, warning);
  }

  boolean refused() {
    return value == null;
  }
}
