package io.hsdest.mapping;

import java.util.Locale;

/**
 * Every code a client may see, as a message's {@code reason} or a warning's {@code code}
 * (interface.md, cloud-mode.md a.10/a.11). One place says what each means for delivery: a
 * {@link Kind#WARNING} only ever accompanies a delivered message; a {@link Kind#FINAL} reason ends
 * a message for good (no retry can fix it); a {@link Kind#RETRYABLE} one may go away later (HubSpot
 * busy or refusing for now), so durable delivery tries again instead of giving up.
 */
public enum Reason {
  // the message itself
  MISSING_IDENTIFIER(Kind.FINAL),
  INVALID_EMAIL(Kind.FINAL),
  MISSING_GROUP_ID(Kind.FINAL),
  MISSING_EVENT_NAME(Kind.FINAL),
  ALIAS_NOT_SUPPORTED(Kind.FINAL),
  PAGE_EVENT_NOT_CONFIGURED(Kind.FINAL),
  SCREEN_EVENT_NOT_CONFIGURED(Kind.FINAL),
  EVENT_NOT_MAPPED(Kind.FINAL),
  EVENT_PORTAL_MISMATCH(Kind.FINAL),
  EVENT_DEFINITION_NOT_FOUND(Kind.FINAL),
  KEY_INVALID(Kind.WARNING),
  SCHEMA_UNKNOWN(Kind.WARNING),
  // properties and values
  PROPERTY_UNKNOWN(Kind.FINAL),
  EVENT_PROPERTY_UNKNOWN(Kind.FINAL),
  EVENT_PROPERTY_LIMIT(Kind.WARNING),
  AUDIENCE_PROPERTY_MISSING(Kind.FINAL),
  PROPERTY_READ_ONLY(Kind.WARNING),
  PROPERTY_WOULD_BE_CREATED(Kind.WARNING),
  EVENT_DEFINITION_WOULD_BE_CREATED(Kind.WARNING),
  INVALID_NUMBER(Kind.FINAL),
  INVALID_BOOLEAN(Kind.FINAL),
  INVALID_DATE(Kind.FINAL),
  INVALID_DATETIME(Kind.FINAL),
  INVALID_OPTION(Kind.FINAL),
  OPTION_LABEL_MAPPED(Kind.WARNING),
  VALUE_TRUNCATED(Kind.WARNING),
  ID_PROPERTY_MISSING(Kind.FINAL),
  ID_PROPERTY_NOT_UNIQUE(Kind.FINAL),
  COMPANY_ID_PROPERTY_MISSING(Kind.FINAL),
  // secondary steps of a message (reported as warnings when the main write succeeded)
  EVENT_NOT_SENT(Kind.WARNING),
  AUDIENCE_EVENT_NOT_SENT(Kind.WARNING),
  CONTACT_NOT_UPDATED(Kind.WARNING),
  LIFECYCLE_STAGE_KEPT(Kind.WARNING),
  COMPANY_DOMAIN_AMBIGUOUS(Kind.WARNING),
  COMPANY_ADOPTION_SKIPPED(Kind.WARNING),
  ASSOCIATION_PENDING(Kind.WARNING),
  ASSOCIATION_FAILED(Kind.FINAL),
  ASSOCIATION_CONTACT_UNRESOLVED(Kind.FINAL),
  ASSOCIATION_COMPANY_UNKNOWN(Kind.FINAL),
  ASSOCIATION_NOT_KEPT(Kind.RETRYABLE),
  LIST_CONTACT_UNKNOWN(Kind.FINAL),
  LIST_MEMBERSHIP_FAILED(Kind.FINAL),
  LIST_RECORD_MISSING(Kind.WARNING),
  LIST_NOT_MANUAL(Kind.FINAL),
  LIST_UNAVAILABLE(Kind.RETRYABLE),
  /** An id this server kept (or the client gave) is gone in HubSpot; the record was found again by its key. */
  STALE_RECORD_ID(Kind.WARNING),
  // HubSpot's answers
  HUBSPOT_VALIDATION(Kind.FINAL),
  /** HubSpot's own per-property codes, passed on when it refused one value of a write that then went without it. */
  PROPERTY_DOESNT_EXIST(Kind.WARNING),
  INVALID_INTEGER(Kind.WARNING),
  READ_ONLY_VALUE(Kind.WARNING),
  HUBSPOT_REFUSED_VALUE(Kind.WARNING),
  HUBSPOT_REFUSED(Kind.FINAL),
  HUBSPOT_501(Kind.FINAL),
  CONFLICT(Kind.FINAL),
  EMAIL_CONFLICT(Kind.FINAL),
  RECORD_NOT_FOUND(Kind.FINAL),
  EMPTY_BATCH_RESULT(Kind.FINAL),
  UNREADABLE_ANSWER(Kind.FINAL),
  INTERNAL_ERROR(Kind.FINAL),
  /** HubSpot kept failing (5xx, no answer) for as many attempts as a request allows. */
  RETRY_EXHAUSTED(Kind.RETRYABLE);

  /** What a reason means for the message that carries it. */
  public enum Kind {
    /** Only ever reported beside a delivered message. */
    WARNING,
    /** The message ends here: no retry can fix it. */
    FINAL,
    /** HubSpot (or the local store) could not take it now; a later attempt may succeed. */
    RETRYABLE
  }

  private final Kind kind;

  Reason(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** A message that ends with this reason is final: answering it closes it for good. */
  public boolean isFinal() {
    return kind != Kind.RETRYABLE;
  }

  /** A later attempt may succeed (durable delivery keeps trying until its retry window ends). */
  public boolean isRetryable() {
    return kind == Kind.RETRYABLE;
  }

  /** HubSpot's code for one refused property value when it is one of ours, else {@code fallback}. */
  public static Reason fromHubSpot(String code, Reason fallback) {
    if (code == null) return fallback;
    try {
      return valueOf(code.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      return fallback;
    }
  }
}
