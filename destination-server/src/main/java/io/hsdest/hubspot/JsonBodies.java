package io.hsdest.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON codec for HubSpot bodies. */
public final class JsonBodies {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonBodies() {}

  public static byte[] write(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body cannot be written as JSON", e);
    }
  }
}
