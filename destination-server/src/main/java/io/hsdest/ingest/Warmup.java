package io.hsdest.ingest;

import io.hsdest.ingest.message.Message;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a few thousand synthetic messages of every type through parsing, mapping and a dry-run
 * delivery engine before the server announces itself, so that the first real requests are not
 * slowed by class loading and a cold JIT (and concurrent first requests still share batches).
 */
public final class Warmup {
  private static final int ROUNDS = 6;
  private static final int MESSAGES = 400;

  private Warmup() {}

  /** Delivers synthetic batches through {@code dryRun}, which must be a dry-run destination. */
  public static Future<Void> run(Destination dryRun) {
    SegmentMessageParser parser = new SegmentMessageParser();
    Future<Void> chain = Future.succeededFuture();
    for (int round = 0; round < ROUNDS; round++) {
      int r = round;
      chain = chain.compose(v -> {
        List<Message> messages = new ArrayList<>();
        for (var item : parser.parseBatch(batch(r).getBytes(StandardCharsets.UTF_8), Instant.now()).items()) {
          if (item instanceof SegmentMessageParser.Accepted a) messages.add(a.message());
        }
        return dryRun.deliver(messages, 10_000).mapEmpty();
      });
    }
    return chain;
  }

  private static String batch(int round) {
    StringBuilder b = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < MESSAGES; i++) {
      if (i > 0) b.append(',');
      int user = (round * MESSAGES + i) % 150;
      String id = "\"messageId\":\"warmup-" + round + "-" + i + "\",\"userId\":\"w" + user + "\",\"timestamp\":\"2024-05-01T10:00:00Z\"";
      switch (i % 5) {
        case 0 -> b.append("{\"type\":\"identify\",").append(id).append(",\"traits\":{\"email\":\"W").append(user)
            .append("@Example.com\",\"firstName\":\"W\",\"address\":{\"city\":\"X\"},\"plan\":\"pro\",\"seats\":3,\"since\":\"2024-01-01\"}}");
        case 1, 2 -> b.append("{\"type\":\"track\",").append(id).append(",\"event\":\"Warm Up ").append(i % 3)
            .append("\",\"properties\":{\"email\":\"w").append(user).append("@example.com\",\"amount\":1.5,\"tags\":[\"a\",\"b\"]},")
            .append("\"context\":{\"traits\":{\"firstName\":\"W\"}}}");
        case 3 -> b.append("{\"type\":\"group\",").append(id).append(",\"groupId\":\"g").append(user % 40)
            .append("\",\"traits\":{\"name\":\"G\",\"website\":\"https://www.g").append(user % 40).append(".example\"}}");
        default -> b.append("{\"type\":\"page\",").append(id).append(",\"name\":\"Home\",\"properties\":{\"url\":\"https://x.example/\"}}");
      }
    }
    return b.append("]}").toString();
  }
}
