package io.hsdest.mapping;

import io.hsdest.mapping.PropertyPipeline.Candidate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the candidate list for the property pipeline: standard fields first (so a standard
 * mapping beats a generic key that normalises to the same name), then every other trait under its
 * normalised key. Keys that cannot be HubSpot names are dropped with {@code KEY_INVALID}.
 */
final class Candidates {
  private final Map<String, Object> traits;
  private final List<Candidate> out = new ArrayList<>();
  private final Set<String> consumed = new HashSet<>();
  private final List<Warning> warnings = new ArrayList<>();

  Candidates(Map<String, Object> traits) {
    this.traits = traits;
  }

  /** The first present alias becomes {@code property}; all aliases are consumed either way. */
  Candidates standard(String property, String... aliases) {
    boolean found = false;
    for (String alias : aliases) {
      if (traits.containsKey(alias)) {
        consumed.add(alias);
        if (!found) {
          out.add(new Candidate(property, traits.get(alias), alias));
          found = true;
        }
      }
    }
    return this;
  }

  /** A value the mapping computed itself (a split name, a derived domain). */
  Candidates computed(String property, Object value, String sourceKey) {
    out.add(new Candidate(property, value, sourceKey));
    return this;
  }

  /** Marks trait keys as handled elsewhere, so they are not also mapped generically. */
  Candidates consume(String... keys) {
    consumed.addAll(List.of(keys));
    return this;
  }

  boolean has(String property) {
    for (Candidate c : out) if (c.name().equals(property)) return true;
    return false;
  }

  Object trait(String key) {
    return traits.get(key);
  }

  /** Maps a nested object's fields ({@code address.city}) to properties. */
  Candidates nested(String key, Map<String, String[]> fieldAliases) {
    Object v = traits.get(key);
    if (v instanceof Map<?, ?> m) {
      consumed.add(key);
      fieldAliases.forEach((property, aliases) -> {
        for (String alias : aliases) {
          if (m.containsKey(alias)) {
            out.add(new Candidate(property, m.get(alias), key + "." + alias));
            break;
          }
        }
      });
    }
    return this;
  }

  /** Every trait not consumed, under its normalised key. */
  List<Candidate> withGenericKeys() {
    for (Map.Entry<String, Object> e : traits.entrySet()) {
      if (consumed.contains(e.getKey())) continue;
      String name = PropertyKeys.normalise(e.getKey());
      if (!PropertyKeys.isValid(name)) {
        warnings.add(Warning.of(Reason.KEY_INVALID, e.getKey(),
            "\"" + e.getKey() + "\" cannot be a HubSpot property name (it must start with a letter)"));
        continue;
      }
      out.add(new Candidate(name, e.getValue(), e.getKey()));
    }
    return out;
  }

  List<Warning> warnings() {
    return warnings;
  }
}
