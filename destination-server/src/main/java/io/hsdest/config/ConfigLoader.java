package io.hsdest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsdest.settings.SchemaProblem;
import io.hsdest.settings.SettingsSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the configuration: the JSON file named by {@code --config} or {@code DESTINATION_CONFIG}
 * (else one embedded default destination), then the environment on top (the environment wins).
 * {@code PORT}, {@code HOST}, {@code HUBSPOT_BASE_URL}, {@code ADMIN_TOKEN}, {@code DELIVERY_MODE},
 * {@code KAFKA_BOOTSTRAP_SERVERS} set the server section;
 * {@code HUBSPOT_ACCESS_TOKEN}, {@code HUBSPOT_PORTAL_ID}, {@code WRITE_KEYS} set the default
 * destination (the one with id {@code default}, else the first). Everything is validated against
 * the settings schema; problems stop start-up with messages that name the field and the rule.
 */
public final class ConfigLoader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_PORTAL = "0";

  private final SettingsSchema schema;

  public ConfigLoader(SettingsSchema schema) {
    this.schema = schema;
  }

  public Configuration load(List<String> args, Map<String, String> env) {
    String path = configPath(args, env);
    ObjectNode config = path != null ? readFile(path) : embeddedDefault();
    String source = path != null ? path : "embedded default";
    boolean anyKey = path == null && blank(env.get("WRITE_KEYS"));
    applyEnvironment(config, env, path == null);
    List<SchemaProblem> problems = schema.validateConfigFile(config);
    if (!problems.isEmpty()) {
      StringBuilder b = new StringBuilder("invalid configuration (" + source + "):");
      for (SchemaProblem p : problems) b.append("\n  - ").append(p.message()).append(" [rule: ").append(p.rule()).append(']');
      throw new ConfigException(b.toString());
    }
    JsonNode filled = schema.configWithDefaults(config);
    ServerConfig server = ServerConfig.fromValidatedJson(filled.path("server"));
    List<DestinationConfig> destinations = new ArrayList<>();
    for (JsonNode d : filled.path("destinations")) {
      Set<String> keys = new LinkedHashSet<>();
      d.path("writeKeys").forEach(k -> keys.add(k.asText()));
      destinations.add(new DestinationConfig(d.path("id").asText(), Set.copyOf(keys),
          DestinationSettings.fromValidatedJson(d.path("settings")), anyKey));
    }
    return new Configuration(server, List.copyOf(destinations), source);
  }

  private static String configPath(List<String> args, Map<String, String> env) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--config")) {
        if (i + 1 >= args.size()) throw new ConfigException("--config needs a file path");
        return args.get(i + 1);
      }
      if (a.startsWith("--config=")) return a.substring("--config=".length());
      if (a.startsWith("-")) throw new ConfigException("unknown option " + a + "; usage: java -jar destination-server.jar [--config destinations.json]");
    }
    return blank(env.get("DESTINATION_CONFIG")) ? null : env.get("DESTINATION_CONFIG");
  }

  private static ObjectNode readFile(String path) {
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(Path.of(path)));
      if (!(n instanceof ObjectNode o)) throw new ConfigException("config file " + path + ": the file must hold one JSON object");
      return o;
    } catch (IOException e) {
      String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
          : e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? "not valid JSON: " + j.getOriginalMessage()
          : e.getMessage();
      throw new ConfigException("config file " + path + ": " + why);
    }
  }

  /** One destination, {@code default}: dry-run until a token is given. */
  private static ObjectNode embeddedDefault() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode d = ((ArrayNode) root.putArray("destinations")).addObject();
    d.put("id", "default");
    d.putArray("writeKeys").add("any-key-from-loopback");
    d.putObject("settings").put("portalId", DEFAULT_PORTAL);
    return root;
  }

  private static void applyEnvironment(ObjectNode config, Map<String, String> env, boolean embedded) {
    ObjectNode server = config.has("server") && config.get("server").isObject() ? (ObjectNode) config.get("server") : config.putObject("server");
    if (!blank(env.get("PORT"))) server.set("port", number(env.get("PORT"), "PORT"));
    if (!blank(env.get("HOST"))) server.put("host", env.get("HOST"));
    if (!blank(env.get("HUBSPOT_BASE_URL"))) server.put("hubspotBaseUrl", env.get("HUBSPOT_BASE_URL"));
    if (!blank(env.get("ADMIN_TOKEN"))) server.put("adminToken", env.get("ADMIN_TOKEN"));
    if (!blank(env.get("DELIVERY_MODE"))) section(server, "delivery").put("mode", env.get("DELIVERY_MODE").trim());
    if (!blank(env.get("KAFKA_BOOTSTRAP_SERVERS"))) section(server, "kafka").put("bootstrapServers", env.get("KAFKA_BOOTSTRAP_SERVERS").trim());
    JsonNode destinations = config.path("destinations");
    if (!destinations.isArray() || destinations.isEmpty()) return;
    ObjectNode target = null;
    for (JsonNode d : destinations) if ("default".equals(d.path("id").asText())) target = (ObjectNode) d;
    if (target == null) target = (ObjectNode) destinations.get(0);
    ObjectNode settings = target.has("settings") && target.get("settings").isObject()
        ? (ObjectNode) target.get("settings") : target.putObject("settings");
    if (!blank(env.get("HUBSPOT_ACCESS_TOKEN"))) settings.put("accessToken", env.get("HUBSPOT_ACCESS_TOKEN").trim());
    if (!blank(env.get("HUBSPOT_PORTAL_ID"))) settings.put("portalId", env.get("HUBSPOT_PORTAL_ID").trim());
    if (!blank(env.get("WRITE_KEYS"))) {
      ArrayNode keys = target.putArray("writeKeys");
      for (String k : env.get("WRITE_KEYS").split(",")) if (!k.isBlank()) keys.add(k.trim());
    }
    if (embedded && settings.path("accessToken").isTextual() && DEFAULT_PORTAL.equals(settings.path("portalId").asText())) {
      throw new ConfigException("HUBSPOT_PORTAL_ID is required with HUBSPOT_ACCESS_TOKEN: it is your Hub ID (digits),"
          + " shown in HubSpot under Settings > Account Management");
    }
  }

  private static ObjectNode section(ObjectNode server, String name) {
    return server.has(name) && server.get(name).isObject() ? (ObjectNode) server.get(name) : server.putObject(name);
  }

  private static JsonNode number(String value, String name) {
    try {
      return JSON.getNodeFactory().numberNode(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new ConfigException(name + ": must be a whole number, got \"" + value + "\"");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
