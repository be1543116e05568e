package io.hsdest.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsdest.ingest.RecordedMessages;
import io.hsdest.store.KeyValueMap;
import io.hsdest.store.KeyValueStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Messages durable delivery gave up on after {@code maxRetryHours} ({@code FAILED}), kept with the
 * last HubSpot error so that a person can see why and send them again once the cause is fixed (a
 * token, a scope, a property). Kept in the destination's store (shared in Kafka mode), by messageId.
 */
public final class DeadLetters {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One dead letter: the message as recorded, and why it failed. */
  public record DeadLetter(String messageId, String type, String reason, String lastError, int attempts, String acceptedAt,
      String failedAt, byte[] recorded) {}

  private final KeyValueMap letters;

  public DeadLetters(KeyValueStore store, String destinationId) {
    this.letters = store.map("dead-letters:" + destinationId);
  }

  public void add(DeadLetter d) {
    ObjectNode n = JSON.createObjectNode().put("messageId", d.messageId()).put("type", d.type()).put("reason", d.reason())
        .put("lastError", d.lastError()).put("attempts", d.attempts()).put("acceptedAt", d.acceptedAt()).put("failedAt", d.failedAt());
    try {
      n.set("message", JSON.readTree(RecordedMessages.plain(d.recorded()))); // shown and replayed in plain JSON
      letters.put(d.messageId(), JSON.writeValueAsString(n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Up to {@code limit} dead letters after the messageId {@code after} (null: from the first), in messageId order. */
  public List<DeadLetter> list(int limit, String after) {
    List<DeadLetter> out = new ArrayList<>();
    for (Map.Entry<String, String> e : letters.withPrefix("")) {
      if (after != null && e.getKey().compareTo(after) <= 0) continue;
      if (out.size() >= limit) break;
      out.add(read(e.getValue()));
    }
    return out;
  }

  public void remove(String messageId) {
    letters.remove(messageId);
  }

  public long size() {
    return letters.size();
  }

  private static DeadLetter read(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      return new DeadLetter(n.path("messageId").asText(), n.path("type").asText(), n.path("reason").asText(null),
          n.path("lastError").asText(null), n.path("attempts").asInt(), n.path("acceptedAt").asText(null),
          n.path("failedAt").asText(null), JSON.writeValueAsString(n.path("message")).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String iso(long ms) {
    return Instant.ofEpochMilli(ms).toString();
  }
}
