package io.hsdest.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CRM property definition as the Properties API returns it (hubspot-api.md section 7). Immutable.
 * {@code readOnlyValue} and {@code calculated} make writes fail; {@code hasUniqueValue} allows the property as an
 * upsert {@code idProperty} and makes the fake enforce uniqueness.
 */
final class PropertyDefinition {
  /** Valid type -> fieldType pairs from the Properties API guide (DOC-PROPS). */
  static final Map<String, Set<String>> FIELD_TYPES = Map.of(
      "bool", Set.of("booleancheckbox", "calculation_equation"),
      "enumeration", Set.of("booleancheckbox", "checkbox", "radio", "select", "calculation_equation"),
      "date", Set.of("date"),
      "datetime", Set.of("date"),
      "string", Set.of("file", "text", "textarea", "calculation_equation", "html", "phonenumber"),
      "number", Set.of("number", "calculation_equation"),
      "phone_number", Set.of("phonenumber"));
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  final String name;
  final String label;
  final String type;
  final String fieldType;
  final String groupName;
  final String description;
  final List<PropertyOption> options;
  final int displayOrder;
  final boolean hasUniqueValue;
  final boolean hidden;
  final boolean formField;
  final boolean calculated;
  final boolean readOnlyValue;
  final boolean hubspotDefined;
  final String createdAt;

  private PropertyDefinition(Builder b) {
    this.name = b.name;
    this.label = b.label;
    this.type = b.type;
    this.fieldType = b.fieldType;
    this.groupName = b.groupName;
    this.description = b.description;
    this.options = List.copyOf(b.options);
    this.displayOrder = b.displayOrder;
    this.hasUniqueValue = b.unique;
    this.hidden = b.hidden;
    this.formField = b.formField;
    this.calculated = b.calculated;
    this.readOnlyValue = b.readOnly;
    this.hubspotDefined = b.hubspotDefined;
    this.createdAt = b.createdAt;
  }

  boolean writable() {
    return !readOnlyValue && !calculated;
  }

  boolean isMultiCheckbox() {
    return "enumeration".equals(type) && "checkbox".equals(fieldType);
  }

  PropertyOption option(String value) {
    for (PropertyOption o : options) {
      if (o.value().equals(value)) {
        return o;
      }
    }
    return null;
  }

  JsonObject toJson() {
    JsonArray opts = new JsonArray();
    options.forEach(o -> opts.add(o.toJson()));
    return new JsonObject()
        .put("updatedAt", createdAt).put("createdAt", createdAt)
        .put("name", name).put("label", label).put("type", type).put("fieldType", fieldType)
        .put("description", description).put("groupName", groupName).put("options", opts)
        .put("displayOrder", displayOrder).put("calculated", calculated).put("externalOptions", false)
        .put("hasUniqueValue", hasUniqueValue).put("hidden", hidden).put("hubspotDefined", hubspotDefined)
        .put("modificationMetadata", new JsonObject().put("archivable", !hubspotDefined)
            .put("readOnlyDefinition", hubspotDefined).put("readOnlyValue", readOnlyValue))
        .put("formField", formField).put("dataSensitivity", "non_sensitive");
  }

  /** Parses a {@code POST /crm/v3/properties/{objectType}} body; a bad body fails with 400 VALIDATION_ERROR. */
  static PropertyDefinition fromCreateRequest(JsonObject body, String now) {
    String name = requireString(body, "name");
    String type = requireString(body, "type");
    String fieldType = requireString(body, "fieldType");
    requireString(body, "label");
    requireString(body, "groupName");
    if (!NAME.matcher(name).matches()) {
      throw Envelopes.validation("Property name '" + name + "' is invalid: internal names must start with a "
          + "lowercase letter and contain only lowercase letters, digits and underscores");
    }
    Set<String> allowed = FIELD_TYPES.get(type);
    if (allowed == null) {
      throw Envelopes.validation("Invalid property type '" + type + "'; expected one of " + FIELD_TYPES.keySet());
    }
    if (!allowed.contains(fieldType)) {
      throw Envelopes.validation("Property type '" + type + "' is not compatible with fieldType '" + fieldType
          + "'; allowed field types: " + allowed);
    }
    List<PropertyOption> options = new ArrayList<>();
    JsonArray opts = body.getJsonArray("options", new JsonArray());
    for (int i = 0; i < opts.size(); i++) {
      options.add(PropertyOption.fromJson(opts.getJsonObject(i), i));
    }
    return builder(name, type, fieldType)
        .label(body.getString("label"))
        .group(body.getString("groupName"))
        .description(body.getString("description", ""))
        .options(options)
        .displayOrder(body.getInteger("displayOrder", -1))
        .unique(body.getBoolean("hasUniqueValue", false))
        .hidden(body.getBoolean("hidden", false))
        .formField(body.getBoolean("formField", false))
        .hubspotDefined(false)
        .createdAt(now)
        .build();
  }

  private static String requireString(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (!(v instanceof String) || ((String) v).isEmpty()) {
      throw Envelopes.validation("Property is missing required field '" + key + "'");
    }
    return (String) v;
  }

  static Builder builder(String name, String type, String fieldType) {
    return new Builder(name, type, fieldType);
  }

  static final class Builder {
    private final String name;
    private final String type;
    private final String fieldType;
    private String label;
    private String groupName = "contactinformation";
    private String description = "";
    private List<PropertyOption> options = List.of();
    private int displayOrder = -1;
    private boolean unique;
    private boolean hidden;
    private boolean formField = true;
    private boolean calculated;
    private boolean readOnly;
    private boolean hubspotDefined = true;
    private String createdAt = "2019-08-06T02:41:08.029Z";

    private Builder(String name, String type, String fieldType) {
      this.name = name;
      this.type = type;
      this.fieldType = fieldType;
      this.label = name;
    }

    Builder label(String v) { label = v; return this; }
    Builder group(String v) { groupName = v; return this; }
    Builder description(String v) { description = v; return this; }
    Builder options(List<PropertyOption> v) { options = v; return this; }
    Builder displayOrder(int v) { displayOrder = v; return this; }
    Builder unique(boolean v) { unique = v; return this; }
    Builder hidden(boolean v) { hidden = v; return this; }
    Builder formField(boolean v) { formField = v; return this; }
    Builder calculated(boolean v) { calculated = v; return this; }
    Builder readOnly(boolean v) { readOnly = v; return this; }
    Builder hubspotDefined(boolean v) { hubspotDefined = v; return this; }
    Builder createdAt(String v) { createdAt = v; return this; }

    /** Options whose labels and values are given pairwise: value1, label1, value2, label2, ... */
    Builder optionPairs(String... valueLabel) {
      List<PropertyOption> list = new ArrayList<>();
      for (int i = 0; i < valueLabel.length; i += 2) {
        list.add(new PropertyOption(valueLabel[i + 1], valueLabel[i], i / 2, false, ""));
      }
      options = list;
      return this;
    }

    PropertyDefinition build() {
      return new PropertyDefinition(this);
    }
  }
}
