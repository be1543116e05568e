package io.hsdest.ops;

import io.hsdest.config.DestinationConfig;
import io.vertx.core.Future;
import java.util.Map;

/** A destination as {@code /status} shows it: each capability adds its section (secrets never among them). */
public interface DestinationStatus {
  DestinationConfig config();

  /** The destination's status sections (queue, rate budget, held state, access check, syncs ...). */
  Future<Map<String, Object>> status();
}
