package io.hsdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * What a server's receipts say: {@code GET /v1/messages/{messageId}} (write-key auth, as a client
 * asks) for every message of a run, a few requests at a time.
 */
final class ReceiptCheck {
  /** A receipt's outcome, or what stood in for one: {@code 404}, another status, or no answer. */
  static final String MISSING = "404 (unknown)";
  private static final int AT_ONCE = 16;

  private ReceiptCheck() {}

  /** Outcome per message id (ACCEPTED while not final). */
  static Map<String, String> outcomes(String serverUrl, Collection<String> messageIds) throws InterruptedException {
    String auth = "Basic " + Base64.getEncoder().encodeToString((DestinationServer.WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
    Map<String, String> out = new ConcurrentHashMap<>();
    Semaphore open = new Semaphore(AT_ONCE);
    for (String id : messageIds) {
      open.acquire();
      HttpRequest req = HttpRequest.newBuilder(URI.create(serverUrl + "/v1/messages/" + id)).timeout(Duration.ofSeconds(30))
          .header("Authorization", auth).GET().build();
      Http.CONTROL.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, ex) -> {
        try {
          if (ex != null) out.put(id, "no answer (" + ex.getClass().getSimpleName() + ")");
          else if (r.statusCode() == 404) out.put(id, MISSING);
          else if (r.statusCode() != 200) out.put(id, "HTTP " + r.statusCode());
          else {
            JsonNode j = Workload.JSON.readTree(r.body());
            out.put(id, j.path("outcome").asText("(none)"));
          }
        } catch (Exception e) {
          out.put(id, "unreadable (" + e + ")");
        } finally {
          open.release();
        }
      });
    }
    open.acquire(AT_ONCE);
    return out;
  }

  /** How many messages have each outcome. */
  static Map<String, Integer> count(Map<String, String> outcomes) {
    Map<String, Integer> m = new TreeMap<>();
    outcomes.values().forEach(v -> m.merge(v, 1, Integer::sum));
    return m;
  }

  /** A receipt is final when it names an outcome other than ACCEPTED. */
  static boolean isFinal(String outcome) {
    return switch (outcome) {
      case "DELIVERED", "DELIVERED_WITH_WARNINGS", "SKIPPED", "DROPPED", "FAILED" -> true;
      default -> false;
    };
  }
}
