package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A custom behavioral event definition (DOC-EVDEF). Sends address it by {@link #fullyQualifiedName()}
 * ({@code pe<portalId>_<name>}). With {@code includeDefaultProperties} HubSpot's {@code hs_*} event properties
 * are accepted too. Mutable (properties can be added); event loop only.
 */
final class EventDefinition {
  /** HubSpot's default event properties (all strings here; the screen sizes are numbers in HubSpot). */
  static final List<String> DEFAULT_PROPERTIES = List.of("hs_asset_description", "hs_asset_type", "hs_browser",
      "hs_campaign_id", "hs_city", "hs_country", "hs_device_name", "hs_device_type", "hs_element_class",
      "hs_element_id", "hs_element_text", "hs_language", "hs_link_href", "hs_operating_system",
      "hs_operating_version", "hs_page_content_type", "hs_page_id", "hs_page_title", "hs_page_url",
      "hs_parent_module_id", "hs_referrer", "hs_region", "hs_screen_height", "hs_screen_width",
      "hs_touchpoint_source", "hs_tracking_name", "hs_user_agent", "hs_utm_campaign", "hs_utm_content",
      "hs_utm_medium", "hs_utm_source", "hs_utm_term");
  private static final Map<String, EventProperty> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULT_PROPERTIES.forEach(n -> DEFAULTS.put(n, EventProperty.of(n, "string")));
  }

  final long portalId;
  final String name;
  final String label;
  final String description;
  final String primaryObject;
  final boolean includeDefaultProperties;
  final long id;
  final String createdAt = Timestamps.iso(System.currentTimeMillis());
  private final Map<String, EventProperty> properties = new LinkedHashMap<>();

  EventDefinition(long portalId, String name, String label, String description, String primaryObject,
                  boolean includeDefaultProperties, long id) {
    this.portalId = portalId;
    this.name = name;
    this.label = label;
    this.description = description;
    this.primaryObject = primaryObject;
    this.includeDefaultProperties = includeDefaultProperties;
    this.id = id;
  }

  String fullyQualifiedName() {
    return "pe" + portalId + "_" + name;
  }

  void addProperty(EventProperty p) {
    properties.put(p.name, p);
  }

  /** A custom property of this definition or, if defaults are included, one of HubSpot's; null if neither. */
  EventProperty property(String propertyName) {
    EventProperty p = properties.get(propertyName);
    if (p == null && includeDefaultProperties) {
      p = DEFAULTS.get(propertyName);
    }
    return p;
  }

  boolean hasOwnProperty(String propertyName) {
    return properties.containsKey(propertyName);
  }

  JsonObject toJson(boolean includeProperties) {
    JsonObject j = new JsonObject()
        .put("labels", new JsonObject().put("singular", label).putNull("plural"))
        .put("description", description)
        .put("archived", false)
        .put("primaryObjectId", "CONTACT".equals(primaryObject) ? "0-1" : "COMPANY".equals(primaryObject) ? "0-2" : "")
        .put("trackingType", "MANUAL")
        .put("name", name)
        .put("fullyQualifiedName", fullyQualifiedName())
        .put("primaryObject", primaryObject)
        .put("createdAt", createdAt)
        .put("objectTypeId", "6-" + id)
        .put("id", String.valueOf(id));
    JsonArray props = new JsonArray();
    if (includeProperties) {
      properties.values().forEach(p -> props.add(p.toJson()));
      if (includeDefaultProperties) {
        DEFAULTS.values().forEach(p -> props.add(p.toJson()));
      }
    }
    j.put("properties", props).put("associations", new JsonArray());
    return j;
  }
}
