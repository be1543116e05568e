package io.hsdest;

import io.hsdest.config.ConfigException;
import io.hsdest.config.ConfigLoader;
import io.hsdest.config.Configuration;
import io.hsdest.settings.SettingsSchema;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar destination-server.jar [--config destinations.json]}: loads the configuration,
 * starts the server, prints one line saying where it listens and what it serves, and stops cleanly
 * on SIGTERM. A bad configuration exits with status 2 and a message naming the field and the rule.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Configuration config;
    try {
      config = new ConfigLoader(SettingsSchema.load()).load(Arrays.asList(args), System.getenv());
    } catch (ConfigException e) {
      System.err.println("hubspot-destination: " + e.getMessage());
      System.exit(2);
      return;
    }
    Server server;
    try {
      server = Server.start(config, null).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      System.err.println("hubspot-destination: could not start: " + (cause.getMessage() != null ? cause.getMessage() : cause));
      if (Boolean.getBoolean("hsdest.debug")) cause.printStackTrace();
      System.exit(1);
      return;
    }
    String host = config.server().host();
    System.out.println("hubspot-destination listening on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + server.port() + " with " + server.describe());
    System.out.flush();
    long graceMs = config.server().shutdownGraceMs();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.stop().toCompletionStage().toCompletableFuture().get(graceMs + 5_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        System.err.println("hubspot-destination: shutdown did not finish cleanly: " + e);
      }
    }, "shutdown"));
  }
}
