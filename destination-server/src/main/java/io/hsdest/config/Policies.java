package io.hsdest.config;

import java.util.Locale;

/** The enumerated settings, each with the behaviour its value stands for. */
public final class Policies {
  private Policies() {}

  /** {@code unknownPropertyPolicy}: a trait that is not a HubSpot property. */
  public enum UnknownProperty {
    DROP, FAIL, CREATE;

    static UnknownProperty of(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /** {@code invalidValuePolicy}: a value that cannot be coerced to its property's type. */
  public enum InvalidValue {
    DROP_PROPERTY, FAIL_EVENT;

    static InvalidValue of(String s) {
      return "failEvent".equals(s) ? FAIL_EVENT : DROP_PROPERTY;
    }
  }

  /** {@code nullPolicy}: an explicit null trait clears the HubSpot value, or is ignored. */
  public enum NullValue {
    CLEAR, IGNORE;

    static NullValue of(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /** {@code audienceMode}: Engage audiences as checkbox properties, static lists, or both. */
  public enum AudienceMode {
    PROPERTY, LIST, BOTH;

    public boolean properties() {
      return this != LIST;
    }

    public boolean lists() {
      return this != PROPERTY;
    }

    static AudienceMode of(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /** {@code audienceTrackMode}: Audience Entered/Exited tracks also become events, or only set the property. */
  public enum AudienceTrackMode {
    EVENT, PROPERTY;

    static AudienceTrackMode of(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }
}
