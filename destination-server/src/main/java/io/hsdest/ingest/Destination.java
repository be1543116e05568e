package io.hsdest.ingest;

import io.hsdest.config.DestinationConfig;
import io.hsdest.delivery.DestinationPipeline;

/** A configured destination and the pipeline that delivers its messages. */
public record Destination(DestinationConfig config, DestinationPipeline pipeline) {
  public String id() {
    return config.id();
  }
}
