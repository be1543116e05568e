package io.hsdest;

import io.hsdest.config.DestinationConfig;
import io.hsdest.console.MessageWatch;
import io.hsdest.delivery.Arrival;
import io.hsdest.delivery.DestinationDelivery;
import io.hsdest.delivery.MessageResult;
import io.hsdest.delivery.MessageResult.Pending;
import io.hsdest.durable.DurableDelivery;
import io.hsdest.durable.DurableIntake;
import io.hsdest.ingest.Destination;
import io.hsdest.ingest.message.Message;
import io.hsdest.ops.DestinationStatus;
import io.hsdest.receipts.Receipts;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A destination the server serves: its configuration and its delivery, seen by intake and by /status. */
public final class ServedDestination implements Destination, DestinationStatus {
  private final DestinationConfig config;
  private final DestinationDelivery delivery;
  private final Receipts receipts;
  /** Durable mode: records messages and answers at once; null in sync mode. */
  private final DurableIntake intake;
  private final DurableDelivery durable;
  private final MessageWatch watch;

  ServedDestination(DestinationConfig config, DestinationDelivery delivery, Receipts receipts, DurableIntake intake,
      DurableDelivery durable, MessageWatch watch) {
    this.config = config;
    this.delivery = delivery;
    this.receipts = receipts;
    this.intake = intake;
    this.durable = durable;
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

  /** Sync mode: delivered before the answer; durable mode: recorded, answered, delivered after. */
  @Override
  public Future<List<MessageResult>> deliver(List<Message> messages, long timeoutMs, Arrival arrival) {
    if (intake != null) return intake.accept(messages).onSuccess(results -> watchFinalAtIntake(messages, results));
    return delivery.pipeline().deliver(messages, null, timeoutMs, arrival).onSuccess(results -> {
      // a message answered 429/503 is the client's to resend: sync mode never took it, so no receipt says ACCEPTED
      for (MessageResult r : results) if (r.isFinal()) receipts.finished(r);
      watch.delivered(messages, results);
    });
  }

  /** Durable mode: the console sees what intake settled (refused, skipped) now, the rest when the log's feed delivers it. */
  private void watchFinalAtIntake(List<Message> messages, List<MessageResult> results) {
    List<Message> settled = new ArrayList<>();
    List<MessageResult> settledResults = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).outcome() == io.hsdest.mapping.Outcome.ACCEPTED) continue;
      settled.add(messages.get(i));
      settledResults.add(results.get(i));
    }
    if (!settled.isEmpty()) watch.delivered(settled, settledResults);
  }

  @Override
  public Future<List<MessageResult>> validate(List<Message> messages, long timeoutMs) {
    return delivery.pipeline().validate(messages, timeoutMs);
  }

  /** Sync mode only: in durable mode the log is what intake hands messages to. */
  @Override
  public Arrival arriving() {
    return intake != null ? Arrival.NONE : delivery.engine().arriving();
  }

  /** Intake refuses for load only in sync mode: in durable mode the log takes what HubSpot cannot take now. */
  @Override
  public Pending busy() {
    return intake != null ? null : delivery.engine().busy();
  }

  @Override
  public Future<Map<String, Object>> status() {
    return delivery.engine().status().map(s -> {
      Map<String, Object> m = new LinkedHashMap<>(s);
      m.put("accessCheck", delivery.pipeline().accessCheck());
      m.put("receipts", receipts.size());
      if (durable != null) m.put("durableLog", durable.status(config.id()));
      return m;
    });
  }
}
