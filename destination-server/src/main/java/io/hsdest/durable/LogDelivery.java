package io.hsdest.durable;

import io.hsdest.log.LogEntry;
import io.hsdest.log.LogReader;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the log for this instance: each destination's entries go to its feed. */
final class LogDelivery implements LogReader {
  private static final Logger LOG = LoggerFactory.getLogger(LogDelivery.class);

  private final Map<String, DestinationFeed> feeds;
  private final Set<String> unknownSeen = new HashSet<>();

  LogDelivery(Map<String, DestinationFeed> feeds) {
    this.feeds = feeds;
  }

  @Override
  public void assigned(String destinationId) {
    DestinationFeed feed = feeds.get(destinationId);
    if (feed != null) feed.assigned();
  }

  @Override
  public void revoked(String destinationId) {
    DestinationFeed feed = feeds.get(destinationId);
    if (feed != null) feed.revoked();
  }

  @Override
  public void entries(String destinationId, List<LogEntry> batch) {
    DestinationFeed feed = feeds.get(destinationId);
    if (feed != null) {
      feed.entries(batch);
      return;
    }
    // never dropped: another instance (with this destination in its configuration) may deliver them
    if (unknownSeen.add(destinationId)) {
      LOG.error("the log holds messages for destination {}, which this instance's configuration does not have; they wait"
          + " for an instance that has it (give every instance the same destinations)", destinationId);
    }
  }
}
