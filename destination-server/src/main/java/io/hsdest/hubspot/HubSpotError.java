package io.hsdest.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A HubSpot error envelope, parsed: what kind of failure it is (which decides retrying), HubSpot's
 * category and message, the correlation id, and, for validation errors, which inputs and which
 * properties were at fault (hubspot-api.md section 2).
 *
 * @param traceIds the {@code objectWriteTraceId}s the error names (207 items)
 * @param ids record ids or id-property values the error names ({@code context.ids})
 * @param properties the properties named as invalid
 * @param retryAfterMs from {@code Retry-After}, or -1
 */
public record HubSpotError(
    Kind kind,
    int status,
    String category,
    String subCategory,
    String message,
    String correlationId,
    String policyName,
    Set<String> traceIds,
    Set<String> ids,
    List<PropertyProblem> properties,
    long retryAfterMs) {

  /** The class of failure, as cloud-mode.md a.10 tells them apart; delivery's AnswerPolicy says what each means to it. */
  public enum Kind {
    RATE_LIMITED(true), LOCKED(true), MIGRATING(true), TRANSIENT(true),
    AUTH(false), FORBIDDEN(false), NOT_FOUND(false), CONFLICT(false), VALIDATION(false), PERMANENT(false);

    /** Whether the same call may succeed later (HubSpot busy, locked, migrating, or failing for now). */
    public final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }
  }

  /** One property HubSpot refused: name, HubSpot's code (INVALID_OPTION, PROPERTY_DOESNT_EXIST, ...), message. */
  public record PropertyProblem(String name, String code, String message) {}

  private static final String PROPERTY_PREFIX = "Property values were not valid: ";
  private static final Pattern EXISTING_ID = Pattern.compile("Existing ID: ?(\\d+)");

  /** The error a whole response stands for. */
  public static HubSpotError of(HubSpotResponse r) {
    JsonNode body = r.json();
    long retryAfter = retryAfterMs(r.header("retry-after"));
    return parse(body, r.status(), retryAfter, r.correlationId());
  }

  /** One item of a 207's {@code errors[]}, which carries its own category. */
  public static HubSpotError ofItem(JsonNode item, String correlationId) {
    int status = item.path("status").isInt() ? item.path("status").asInt() : 400;
    return parse(item, status, -1, correlationId);
  }

  private static HubSpotError parse(JsonNode body, int status, long retryAfter, String correlationId) {
    String category = text(body, "category");
    if (category == null) category = text(body, "errorType");
    String message = text(body, "message");
    Set<String> traceIds = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    collectContext(body.path("context"), traceIds, ids);
    List<PropertyProblem> props = new ArrayList<>();
    for (JsonNode e : body.path("errors")) {
      collectContext(e.path("context"), traceIds, ids);
      String code = text(e, "code");
      for (JsonNode n : e.path("context").path("propertyName")) props.add(new PropertyProblem(n.asText(), code, text(e, "message")));
    }
    if (message != null && message.startsWith(PROPERTY_PREFIX)) {
      try {
        for (JsonNode p : JsonBodies.MAPPER.readTree(message.substring(PROPERTY_PREFIX.length()))) {
          String name = text(p, "name");
          if (name != null && props.stream().noneMatch(x -> x.name().equals(name) && p.path("error").asText("").equals(x.code()))) {
            props.add(new PropertyProblem(name, text(p, "error"), text(p, "message")));
          }
        }
      } catch (java.io.IOException | RuntimeException notJson) {
        // the names from errors[] are enough
      }
    }
    String cid = text(body, "correlationId");
    return new HubSpotError(kind(status, category), status, category, text(body, "subCategory"), message,
        cid != null ? cid : correlationId, text(body, "policyName"), traceIds, ids, List.copyOf(props), retryAfter);
  }

  static Kind kind(int status, String category) {
    if (status == 429) return Kind.RATE_LIMITED;
    if (status == 423) return Kind.LOCKED;
    if (status == 477) return Kind.MIGRATING;
    if (status == 401) return Kind.AUTH;
    if (status == 403) return Kind.FORBIDDEN;
    if (status == 404 || "OBJECT_NOT_FOUND".equals(category)) return Kind.NOT_FOUND;
    if (status == 409 || "CONFLICT".equals(category)) return Kind.CONFLICT;
    if (status == 408 || status == 500 || status == 502 || status == 503 || status == 504 || (status >= 520 && status <= 524)) {
      return Kind.TRANSIENT;
    }
    if ("RATE_LIMITS".equals(category) || "RATE_LIMIT".equals(category)) return Kind.RATE_LIMITED;
    if ("LOCKED".equals(category) || "INTERNAL_ERROR".equals(category)) return Kind.TRANSIENT;
    if (status == 400 || "VALIDATION_ERROR".equals(category)) return Kind.VALIDATION;
    return status >= 500 && status != 501 && status != 505 ? Kind.TRANSIENT : Kind.PERMANENT;
  }

  /** The record id in "Contact already exists. Existing ID: 123", or null. */
  public String existingId() {
    if (message == null) return null;
    Matcher m = EXISTING_ID.matcher(message);
    return m.find() ? m.group(1) : null;
  }

  /** Whether HubSpot says a named property does not exist (the schema cache is then stale). */
  public boolean namesMissingProperty() {
    return properties.stream().anyMatch(p -> "PROPERTY_DOESNT_EXIST".equals(p.code()));
  }

  /** A short, token-free description for logs and outcomes. */
  public String describe() {
    StringBuilder b = new StringBuilder().append(status);
    if (category != null) b.append(' ').append(category);
    if (message != null) b.append(": ").append(message.length() > 300 ? message.substring(0, 300) + "..." : message);
    if (correlationId != null) b.append(" (correlationId ").append(correlationId).append(')');
    return b.toString();
  }

  private static void collectContext(JsonNode context, Set<String> traceIds, Set<String> ids) {
    for (JsonNode t : context.path("objectWriteTraceId")) traceIds.add(t.asText());
    for (JsonNode t : context.path("ids")) ids.add(t.asText());
    if (context.path("id").isArray()) for (JsonNode t : context.path("id")) ids.add(t.asText());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isTextual() ? v.asText() : v.isNumber() ? v.asText() : null;
  }

  static long retryAfterMs(String header) {
    if (header == null) return -1;
    try {
      double seconds = Double.parseDouble(header.trim());
      return seconds < 0 ? -1 : (long) (seconds * 1000);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
