package io.hsdest.config;

/**
 * How accepted messages reach HubSpot ({@code server.delivery}).
 *
 * @param mode sync (a 200 once every message is final) or durable (a 200 once recorded)
 * @param log where durable mode records messages; {@code KAFKA} whenever {@code server.kafka.bootstrapServers} is set
 * @param maxRetryHours how long an accepted message is retried before it is a dead letter
 * @param receiptRetentionHours how long a receipt can be looked up
 * @param logMaxBytesPerDestination embedded log: the bound beyond which appends are refused (503)
 * @param logSegmentBytes embedded log: one segment file's size
 * @param maxInFlightPerDestination entries read from the log and not yet final, at most, per destination
 */
public record DeliverySettings(Mode mode, LogKind log, int maxRetryHours, int receiptRetentionHours, long logMaxBytesPerDestination,
    long logSegmentBytes, int maxInFlightPerDestination) {
  public enum Mode { SYNC, DURABLE }

  public enum LogKind { EMBEDDED, KAFKA }

  public static final DeliverySettings DEFAULT = new DeliverySettings(Mode.SYNC, LogKind.EMBEDDED, 24, 168, 1024L << 20, 64L << 20, 10_000);
}
