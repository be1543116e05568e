package io.hsdest.config;

/** The configuration cannot be used; the message names the field and the rule, never a secret. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
