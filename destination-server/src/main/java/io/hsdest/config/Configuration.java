package io.hsdest.config;

import java.util.List;

/** Everything the server runs with: its own settings and its destinations. */
public record Configuration(ServerConfig server, List<DestinationConfig> destinations, String source) {}
