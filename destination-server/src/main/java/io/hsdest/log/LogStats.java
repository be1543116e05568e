package io.hsdest.log;

/**
 * One destination's log, for /status and metrics.
 *
 * @param notDone entries appended and not yet done (Kafka: read here and not done, plus what its
 *     partition holds unread, which other destinations of the same partition may share)
 * @param oldestNotDoneAgeMs how long ago the oldest entry not done was appended; 0 when none
 * @param storedEntries entries kept on disk, done or not (-1 where the broker keeps them)
 * @param storedBytes bytes kept on disk for the destination (-1 where the broker keeps them)
 */
public record LogStats(long notDone, long oldestNotDoneAgeMs, long storedEntries, long storedBytes) {}
