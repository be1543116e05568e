package io.hsdest.log;

import java.nio.file.Path;

/**
 * Settings of the {@link EmbeddedLog}.
 *
 * @param directory where each destination gets a sub-directory of segment files ({@code <dataDir>/log})
 * @param maxBytesPerDestination beyond this, appends fail with {@link LogUnavailable} until delivery
 *     has caught up and whole segments were reclaimed ({@code server.delivery.logMaxMegabytesPerDestination})
 * @param segmentBytes size of one segment file; space is reclaimed a whole segment at a time
 * @param maxNotDonePerDestination entries handed to the reader and not yet done, at most; reading
 *     pauses there and resumes as entries are done ({@code server.delivery.maxInFlightPerDestination})
 * @param retryAfterMs what a refused append tells the client to wait
 */
public record EmbeddedLogConfig(Path directory, long maxBytesPerDestination, long segmentBytes, int maxNotDonePerDestination,
    long retryAfterMs) {
  public EmbeddedLogConfig {
    if (maxBytesPerDestination < 1 || segmentBytes < 1 || maxNotDonePerDestination < 1 || retryAfterMs < 0) {
      throw new IllegalArgumentException("the embedded log's sizes must be positive");
    }
  }

  /** 1 GiB per destination in segments of 64 MiB, 10,000 entries in flight. */
  public static EmbeddedLogConfig defaults(Path directory) {
    return new EmbeddedLogConfig(directory, 1L << 30, 64L << 20, 10_000, 5_000);
  }
}
