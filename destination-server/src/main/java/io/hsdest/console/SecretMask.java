package io.hsdest.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.config.Configuration;
import io.hsdest.config.DestinationConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The last line before anything reaches the page: every secret this server knows (each destination's token, write
 * keys and secret settings such as a sink's key or a warehouse password, the admin token, Kafka's credentials)
 * is replaced wherever it appears, and so is anything shaped like a HubSpot token or an Authorization value. In data
 * that came from senders or other capabilities (message traits and properties, HubSpot request bodies, status
 * sections), the value of any key named like a credential ({@code writeKey}, {@code password}, {@code apiKey},
 * {@code token}, ...) is masked as well. Immutable, thread-safe.
 */
final class SecretMask {
  static final String MASK = "••••••";
  private static final Pattern CREDENTIAL_KEY = Pattern.compile(
      "(?i).*(password|passwd|secret|token|api[_-]?key|write[_-]?key|authorization|credential|private[_-]?key|jaas|cookie).*");
  /** Private app tokens ({@code pat-na1-...}) and HTTP credentials as they may be quoted in a text. */
  private static final Pattern SHAPED = Pattern.compile(
      "pat-[a-z]{2,4}\\d?-[A-Za-z0-9-]{6,}|(?i)(?<=\\b(bearer|basic) )[A-Za-z0-9._~+/=-]{6,}");
  private static final Set<String> SECRET_SETTING_KEYS = Set.of("accesstoken", "writekey", "apikey", "password", "secret",
      "token", "clientsecret");

  private final List<String> secrets;

  SecretMask(Collection<String> secrets) {
    List<String> list = new ArrayList<>();
    for (String s : new LinkedHashSet<>(secrets)) if (s != null && s.length() >= 3) list.add(s);
    // longest first, so that a secret containing another is masked whole
    list.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(list);
  }

  /** Every secret in the configuration: tokens, write keys, secret settings, the admin token, Kafka's properties. */
  static SecretMask of(Configuration config) {
    List<String> found = new ArrayList<>();
    if (config.server().adminToken() != null) found.add(config.server().adminToken());
    if (config.server().kafka() != null) {
      config.server().kafka().clientProperties().forEach((k, v) -> {
        if (CREDENTIAL_KEY.matcher(k).matches()) found.add(v); // sasl.jaas.config, ssl.key.password...
      });
    }
    for (DestinationConfig d : config.destinations()) {
      found.addAll(d.writeKeys());
      if (d.settings().accessToken() != null) found.add(d.settings().accessToken());
      collect(d.settings().raw(), found);
    }
    return new SecretMask(found);
  }

  private static void collect(JsonNode node, List<String> into) {
    if (node == null) return;
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getValue().isTextual() && SECRET_SETTING_KEYS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
          into.add(e.getValue().asText());
        }
        collect(e.getValue(), into);
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, into));
    }
  }

  /** The text with every known or token-shaped secret replaced. */
  String text(String s) {
    if (s == null || s.isEmpty()) return s;
    String out = s;
    for (String secret : secrets) if (out.contains(secret)) out = out.replace(secret, MASK);
    return SHAPED.matcher(out).replaceAll(MASK);
  }

  /** A copy of a JSON-like tree (maps, lists, strings, numbers...) with known and token-shaped secrets replaced. */
  Object tree(Object node) {
    return walk(node, false);
  }

  /** As {@link #tree}, and also masking the value of every key named like a credential (data from outside). */
  Object data(Object node) {
    return walk(node, true);
  }

  private Object walk(Object node, boolean byKey) {
    if (node instanceof String s) return text(s);
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        String key = String.valueOf(k);
        boolean credential = byKey && CREDENTIAL_KEY.matcher(key).matches() && v != null && !(v instanceof Boolean)
            && !(v instanceof Map) && !(v instanceof Collection);
        out.put(text(key), credential ? MASK : walk(v, byKey));
      });
      return out;
    }
    if (node instanceof Collection<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object v : list) out.add(walk(v, byKey));
      return out;
    }
    if (node instanceof JsonNode json) return walk(io.hsdest.hubspot.JsonBodies.MAPPER.convertValue(json, Object.class), byKey);
    if (node instanceof Object[] array) return walk(List.of(array), byKey);
    return node;
  }
}
