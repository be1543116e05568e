package io.hsdest.ingest.message;

import java.util.Map;

/** {@code group}: the user belongs to an account (a HubSpot company). */
public record Group(Envelope envelope, String groupId, Map<String, Object> traits) implements Message {
  @Override
  public String type() {
    return "group";
  }
}
