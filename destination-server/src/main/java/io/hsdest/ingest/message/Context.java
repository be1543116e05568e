package io.hsdest.ingest.message;

import java.util.List;
import java.util.Map;

/**
 * The parts of Segment's {@code context} object the destination reads.
 *
 * @param traits {@code context.traits}, empty when absent
 * @param externalIds {@code context.externalIds}
 * @param personas Engage computation info, or null
 * @param page {@code context.page}, or null
 * @param campaign {@code context.campaign}, or null
 */
public record Context(
    Map<String, Object> traits,
    List<ExternalId> externalIds,
    Personas personas,
    PageContext page,
    Campaign campaign,
    String userAgent,
    String ip) {

  public static final Context EMPTY = new Context(Map.of(), List.of(), null, null, null, null, null);

  /** The id of the first external id of the given type, or null. */
  public String externalId(String type) {
    for (ExternalId e : externalIds) {
      if (type.equalsIgnoreCase(e.type()) && e.id() != null && !e.id().isBlank()) return e.id().trim();
    }
    return null;
  }

  public record ExternalId(String id, String type, String collection, String encoding) {}

  /** {@code context.personas}: set by Segment Engage on audience and computed-trait syncs. */
  public record Personas(String computationClass, String computationKey, String spaceId) {
    public boolean isAudience() {
      return "audience".equalsIgnoreCase(computationClass) || "journey_step".equalsIgnoreCase(computationClass);
    }
  }

  public record PageContext(String url, String path, String referrer, String title, String search) {}

  public record Campaign(String name, String source, String medium, String term, String content) {}
}
