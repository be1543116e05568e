package io.hsdest.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.util.Map;

/**
 * HubSpot's answer: status, the headers the destination reads (lowercase names), and the body
 * (parsed already when the client could do it away from the delivery engine's thread).
 */
public record HubSpotResponse(int status, Map<String, String> headers, byte[] body, JsonNode parsed) {

  public HubSpotResponse(int status, Map<String, String> headers, byte[] body) {
    this(status, headers, body, null);
  }

  /** The same answer with its body parsed (called where parsing costs the engine nothing). */
  public HubSpotResponse withParsedBody() {
    return parsed != null ? this : new HubSpotResponse(status, headers, body, json());
  }

  public String header(String lowercaseName) {
    return headers.get(lowercaseName);
  }

  /** A numeric header (HubSpot's rate-limit headers), or -1 when absent or not a number. */
  public long numericHeader(String lowercaseName) {
    String v = headers.get(lowercaseName);
    if (v == null) return -1;
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** The body as JSON; a missing node when empty or not JSON. */
  public JsonNode json() {
    if (parsed != null) return parsed;
    if (body == null || body.length == 0) return MissingNode.getInstance();
    try {
      JsonNode n = JsonBodies.MAPPER.readTree(body);
      return n == null ? MissingNode.getInstance() : n;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  public String correlationId() {
    String h = header("x-hubspot-correlation-id");
    return h != null ? h : json().path("correlationId").asText(null);
  }
}
