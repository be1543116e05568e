package io.hsdest.mapping;

import io.hsdest.config.Policies.InvalidValue;
import io.hsdest.config.Policies.NullValue;
import io.hsdest.config.Policies.UnknownProperty;
import io.hsdest.hubspot.schema.PropertyDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The one property pipeline: named candidate values (already through the standard field map and
 * key normalisation) are checked against the HubSpot schema and coerced by the property's type.
 * A value that cannot be used drops that property with a warning, never the whole message, unless
 * the settings ask for that ({@code invalidValuePolicy=failEvent}, {@code unknownPropertyPolicy=fail}).
 */
final class PropertyPipeline {

  /** One value bound for a HubSpot property, and the trait key it came from. */
  record Candidate(String name, Object value, String sourceKey) {}

  /**
   * How this object type treats problems.
   *
   * @param lookup the property definition by name; null result = unknown property
   * @param schemaKnown false when no schema could be read (dry-run): every name is accepted
   * @param unknownCode the warning for an unknown name ({@code PROPERTY_UNKNOWN}, {@code EVENT_PROPERTY_UNKNOWN})
   * @param creationObjectType where a property is created under the {@code create} policy
   * @param maxLength the text limit of a property's values
   * @param nullsClear whether an explicit null clears the value (events cannot clear)
   */
  record Rules(
      Function<String, PropertyDefinition> lookup,
      boolean schemaKnown,
      UnknownProperty unknown,
      InvalidValue invalid,
      NullValue nulls,
      Reason unknownCode,
      String creationObjectType,
      ToIntFunction<String> maxLength) {}

  /** Properties to send, warnings, properties to create first, and a failure that drops the message. */
  record Result(Map<String, String> properties, List<Warning> warnings, List<PropertyToCreate> toCreate, Warning failure) {}

  private PropertyPipeline() {}

  static Result run(List<Candidate> candidates, Rules rules) {
    Map<String, String> out = new LinkedHashMap<>();
    List<Warning> warnings = new ArrayList<>();
    List<PropertyToCreate> toCreate = new ArrayList<>();
    for (Candidate c : candidates) {
      if (out.containsKey(c.name())) continue;
      PropertyDefinition def = rules.schemaKnown() ? rules.lookup().apply(c.name()) : null;
      if (rules.schemaKnown() && def == null) {
        switch (rules.unknown()) {
          case FAIL:
            return failed(Warning.of(rules.unknownCode(), c.name(), unknownMessage(c)));
          case CREATE:
            if (c.value() != null) toCreate.add(PropertyToCreate.inferred(rules.creationObjectType(), c.name(), c.value()));
            continue;
          default:
            warnings.add(Warning.of(rules.unknownCode(), c.name(), unknownMessage(c)));
            continue;
        }
      }
      if (def != null && def.readOnly()) {
        warnings.add(Warning.of(Reason.PROPERTY_READ_ONLY, c.name(), "HubSpot does not accept writes to " + c.name()));
        continue;
      }
      if (c.value() == null) {
        if (rules.nulls() == NullValue.CLEAR) out.put(c.name(), "");
        continue;
      }
      if (c.value() instanceof String s && Text.trim(s).isEmpty()) {
        out.put(c.name(), "");
        continue;
      }
      Coerced coerced = ValueCoercion.coerce(c.name(), c.value(), def, rules.maxLength().applyAsInt(c.name()));
      if (coerced.refused()) {
        if (rules.invalid() == InvalidValue.FAIL_EVENT) return failed(coerced.warning());
        warnings.add(coerced.warning());
        continue;
      }
      if (coerced.warning() != null) warnings.add(coerced.warning());
      out.put(c.name(), coerced.value());
    }
    return new Result(out, warnings, toCreate, null);
  }

  private static Result failed(Warning why) {
    return new Result(Map.of(), List.of(), List.of(), why);
  }

  private static String unknownMessage(Candidate c) {
    String from = c.sourceKey() != null && !c.sourceKey().equals(c.name()) ? " (from \"" + c.sourceKey() + "\")" : "";
    return "no HubSpot property named " + c.name() + from + "; create it in HubSpot or set unknownPropertyPolicy=create";
  }
}
