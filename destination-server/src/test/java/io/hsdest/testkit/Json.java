package io.hsdest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.HubSpotCall;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON comparisons that ignore key order (HubSpot's and the spec's convention) but not array order. */
public final class Json {
  private Json() {}

  public static JsonNode tree(String json) {
    try {
      return ScriptedHubSpot.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode tree(Object value) {
    return ScriptedHubSpot.JSON.valueToTree(value);
  }

  /** The call is {@code METHOD path} with this body. */
  public static void assertCall(HubSpotCall call, String methodAndPath, String body) {
    assertThat(call.method() + " " + call.path()).isEqualTo(methodAndPath);
    assertThat(tree(call.body())).isEqualTo(tree(body));
  }
}
