package io.hsdest.receipts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What became of one message, as {@code GET /v1/messages/{messageId}} shows it (interface.md part 2).
 *
 * @param outcome {@code ACCEPTED} while durable delivery still works on it, else the final outcome
 *     ({@code DELIVERED}, {@code DELIVERED_WITH_WARNINGS}, {@code SKIPPED}, {@code DROPPED}, {@code FAILED})
 * @param attempts how many times delivery took the message up (a client's resend counts too)
 * @param lastError for a message still being retried or {@code FAILED}: what HubSpot said last
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(String messageId, String type, String outcome, String reason, String detail,
    List<Map<String, String>> warnings, int attempts, String acceptedAt, String finishedAt, String lastError) {

  @JsonIgnore
  public boolean isFinal() {
    return !"ACCEPTED".equals(outcome);
  }
}
