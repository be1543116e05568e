package io.hsdest;

import io.hsdest.config.DestinationConfig;
import io.hsdest.console.MessageWatch;
import io.hsdest.delivery.DestinationDelivery;
import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.ingest.Destination;
import io.hsdest.ingest.message.Message;
import io.hsdest.ops.DestinationStatus;
import io.hsdest.receipts.Receipts;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A destination the server serves: its configuration and its delivery, seen by intake and by /status. */
public final class ServedDestination implements Destination, DestinationStatus {
  private final DestinationConfig config;
  private final DestinationDelivery delivery;
  private final Receipts receipts;
  private final MessageWatch watch;

  ServedDestination(DestinationConfig config, DestinationDelivery delivery, Receipts receipts, MessageWatch watch) {
    this.config = config;
    this.delivery = delivery;
    this.receipts = receipts;
    this.watch = watch;
  }

  @Override
  public DestinationConfig config() {
    return config;
  }

  public DestinationDelivery delivery() {
    return delivery;
  }

  /** What became of each message this destination answered. */
  public Receipts receipts() {
    return receipts;
  }

  @Override
  public Future<List<MessageResult>> deliver(List<Message> messages, long timeoutMs) {
    return delivery.pipeline().deliver(messages, timeoutMs).onSuccess(results -> {
      for (MessageResult r : results) receipts.finished(r);
      watch.delivered(messages, results);
    });
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
      m.put("receipts", receipts.size());
      return m;
    });
  }
}
