package io.hsdest;

import io.hsdest.config.DestinationConfig;
import io.hsdest.delivery.DestinationDelivery;
import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.ingest.Destination;
import io.hsdest.ingest.message.Message;
import io.hsdest.ops.DestinationStatus;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A destination the server serves: its configuration and its delivery, seen by intake and by /status. */
public final class ServedDestination implements Destination, DestinationStatus {
  private final DestinationConfig config;
  private final DestinationDelivery delivery;

  ServedDestination(DestinationConfig config, DestinationDelivery delivery) {
    this.config = config;
    this.delivery = delivery;
  }

  @Override
  public DestinationConfig config() {
    return config;
  }

  public DestinationDelivery delivery() {
    return delivery;
  }

  @Override
  public Future<List<MessageResult>> deliver(List<Message> messages, long timeoutMs) {
    return delivery.pipeline().deliver(messages, timeoutMs);
  }

  @Override
  public Future<List<MessageResult>> validate(List<Message> messages, long timeoutMs) {
    return delivery.pipeline().validate(messages, timeoutMs);
  }

  @Override
  public Pending busy() {
    return delivery.engine().busy();
  }

  @Override
  public Future<Map<String, Object>> status() {
    return delivery.engine().status().map(s -> {
      Map<String, Object> m = new LinkedHashMap<>(s);
      m.put("accessCheck", delivery.pipeline().accessCheck());
      return m;
    });
  }
}
