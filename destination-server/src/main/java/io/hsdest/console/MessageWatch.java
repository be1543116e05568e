package io.hsdest.console;

import io.hsdest.delivery.MessageResult;
import io.hsdest.ingest.message.Message;
import java.util.List;

/**
 * Sees each delivered request's messages and their results, for the console's latest messages and outcome chart.
 * Called on a delivery thread for every request: it must be quick, never block and never throw.
 */
public interface MessageWatch {
  /** Watches nothing (the warm-up destination). */
  MessageWatch NONE = (messages, results) -> { };

  /** {@code results.get(i)} is what became of {@code messages.get(i)}, final or not. */
  void delivered(List<Message> messages, List<MessageResult> results);
}
