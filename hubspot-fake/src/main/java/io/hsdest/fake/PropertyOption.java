package io.hsdest.fake;

import io.vertx.core.json.JsonObject;

/** An enumeration option; {@code displayOrder} also orders lifecycle stages. */
record PropertyOption(String label, String value, int displayOrder, boolean hidden, String description) {

  JsonObject toJson() {
    return new JsonObject().put("label", label).put("value", value).put("description", description)
        .put("displayOrder", displayOrder).put("hidden", hidden);
  }

  static PropertyOption fromJson(JsonObject j, int index) {
    String value = j.getString("value");
    if (value == null) {
      throw Envelopes.validation("Property option is missing a value");
    }
    return new PropertyOption(j.getString("label", value), value, j.getInteger("displayOrder", index),
        j.getBoolean("hidden", false), j.getString("description", ""));
  }
}
