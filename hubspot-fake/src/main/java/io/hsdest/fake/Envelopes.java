package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * HubSpot's error bodies, one factory per documented shape (hubspot-api.md sections 1-3). Field order follows the
 * real responses quoted there. {@code correlationId} is left null and filled in by {@link Reply#encode}.
 */
final class Envelopes {
  static final String AUTH_MESSAGE = "Authentication credentials not found. This API supports OAuth 2.0 authentication "
      + "and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";
  static final String PROPERTY_VALUES_PREFIX = "Property values were not valid: ";

  private Envelopes() {
  }

  static JsonObject error(String message, String category) {
    return new JsonObject().put("status", "error").put("message", message).putNull("correlationId")
        .put("category", category);
  }

  static ApiError fail(int status, String message, String category) {
    return new ApiError(Reply.json(status, error(message, category)));
  }

  static ApiError validation(String message) {
    return fail(400, message, "VALIDATION_ERROR");
  }

  static ApiError notFound(String message) {
    return fail(404, message, "OBJECT_NOT_FOUND");
  }

  static Reply unauthorized() {
    return Reply.json(401, error(AUTH_MESSAGE, "INVALID_AUTHENTICATION"))
        .header("X-HubSpot-Auth-Failure", "401 Unauthorized");
  }

  static Reply missingScopes(ApiFamily family) {
    JsonObject body = new JsonObject().put("status", "error")
        .put("message", "This app hasn't been granted all required scopes to make this call. Read more about "
            + "required scopes here: https://developers.hubspot.com/scopes.")
        .putNull("correlationId")
        .put("errors", new JsonArray().add(new JsonObject()
            .put("message", "One or more of the following scopes are required.")
            .put("context", new JsonObject().put("requiredGranularScopes", new JsonArray(family.requiredScopes())))))
        .put("links", new JsonObject().put("scopes", "https://developers.hubspot.com/scopes"))
        .put("category", "MISSING_SCOPES");
    return Reply.json(403, body);
  }

  /** 429 bodies carry {@code errorType} and {@code policyName}, not {@code category} (hubspot-api.md section 3). */
  static Reply rateLimited(RatePolicy policy, long portalId) {
    JsonObject body = new JsonObject().put("status", "error").put("message", policy.message)
        .put("errorType", "RATE_LIMIT").putNull("correlationId");
    if (policy == RatePolicy.SECONDLY) {
      body.put("groupName", "publicapi:private-app-secondly:" + portalId);
    }
    body.put("policyName", policy.name());
    if (policy != RatePolicy.TEN_SECONDLY_ROLLING) {
      body.put("requestId", UUID.randomUUID().toString());
    }
    return Reply.json(429, body);
  }

  /** Malformed request JSON; HubSpot names the position the parser stopped at. */
  static ApiError invalidJson(String detail) {
    return validation("Invalid input JSON on line 1, column 1: " + detail);
  }

  static ApiError conflict(String message) {
    return fail(409, message, "CONFLICT");
  }

  /** The 400 VALIDATION_ERROR for invalid property values (DOC-OBJ example, verbatim shape). */
  static JsonObject propertyValues(List<PropertyError> problems, long portalId) {
    JsonObject body = new JsonObject().put("status", "error")
        .put("message", PROPERTY_VALUES_PREFIX + validationResults(problems, portalId).encode())
        .putNull("correlationId")
        .put("errors", errorDetails(problems))
        .put("category", "VALIDATION_ERROR");
    return body;
  }

  /** A 207 item for one input that failed validation, addressed by its objectWriteTraceId (DOC-ERR). */
  static JsonObject propertyValuesItem(List<PropertyError> problems, long portalId, String traceId) {
    return new JsonObject().put("status", "error").put("category", "VALIDATION_ERROR")
        .put("message", PROPERTY_VALUES_PREFIX + validationResults(problems, portalId).encode())
        .put("context", new JsonObject().put("objectWriteTraceId", new JsonArray().add(traceId)))
        .put("errors", errorDetails(problems));
  }

  static JsonObject item(String category, String message, JsonObject context) {
    JsonObject item = new JsonObject().put("status", "error").put("category", category).put("message", message);
    if (context != null) {
      item.put("context", context);
    }
    return item;
  }

  private static JsonArray validationResults(List<PropertyError> problems, long portalId) {
    JsonArray results = new JsonArray();
    for (PropertyError p : new LinkedHashSet<>(problems)) {
      results.add(new JsonObject().put("isValid", false).put("message", p.message()).put("error", p.code())
          .put("name", p.name()).put("localizedErrorMessage", p.message()).put("portalId", portalId));
    }
    return results;
  }

  private static JsonArray errorDetails(List<PropertyError> problems) {
    JsonArray errors = new JsonArray();
    for (PropertyError p : new LinkedHashSet<>(problems)) {
      errors.add(new JsonObject().put("message", p.message()).put("code", p.code())
          .put("context", new JsonObject().put("propertyName", new JsonArray().add(p.name()))));
    }
    return errors;
  }

  static List<PropertyError> concat(List<List<PropertyError>> lists) {
    List<PropertyError> all = new ArrayList<>();
    lists.forEach(all::addAll);
    return all;
  }
}
