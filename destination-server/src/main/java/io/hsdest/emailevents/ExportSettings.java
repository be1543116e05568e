package io.hsdest.emailevents;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A destination's {@code emailEvents} setting (interface.md part 2), read from settings the schema has validated and
 * filled with defaults. The sink's secret lives only here and in the requests that carry it; {@link #toString()}
 * never shows it.
 *
 * @param types the types to export; SUPPRESSION already folded into SUPPRESSED
 */
record ExportSettings(boolean enabled, Sink sink, Set<EmailEventType> types, Duration pollInterval,
    int backfillDays) {

  /** Where events go. */
  enum SinkKind {
    SEGMENT("segment", "https://api.segment.io"),
    AMPLITUDE("amplitude", "https://api2.amplitude.com");

    final String settingName;
    final String defaultUrl;

    SinkKind(String settingName, String defaultUrl) {
      this.settingName = settingName;
      this.defaultUrl = defaultUrl;
    }

    static SinkKind of(String name) {
      for (SinkKind k : values()) if (k.settingName.equals(name)) return k;
      throw new IllegalArgumentException("unknown sink type " + name);
    }
  }

  /** @param url the collector's base URL, without a trailing slash */
  record Sink(SinkKind kind, URI url, String secret) {
    @Override
    public String toString() {
      return "Sink[" + kind.settingName + " " + url + ", key ***]";
    }
  }

  static final ExportSettings OFF = new ExportSettings(false, null, Set.of(), Duration.ofSeconds(300), 30);

  /** From a destination's whole settings object; {@link #OFF} when it has no {@code emailEvents}. */
  static ExportSettings from(JsonNode settings) {
    JsonNode e = settings == null ? null : settings.get("emailEvents");
    if (e == null || !e.path("enabled").asBoolean(false)) return OFF;
    JsonNode s = e.path("sink");
    SinkKind kind = SinkKind.of(s.path("type").asText());
    String url = s.path("url").asText(kind.defaultUrl);
    while (url.endsWith("/")) url = url.substring(0, url.length() - 1);
    String secret = kind == SinkKind.SEGMENT ? s.path("writeKey").asText() : s.path("apiKey").asText();
    Set<EmailEventType> types = EnumSet.noneOf(EmailEventType.class);
    JsonNode listed = e.get("eventTypes");
    if (listed == null) {
      types.addAll(EnumSet.complementOf(EnumSet.of(EmailEventType.UNBOUNCE)));
    } else {
      for (JsonNode t : listed) types.add(EmailEventType.setting(t.asText()));
    }
    return new ExportSettings(true, new Sink(kind, URI.create(url), secret), Set.copyOf(types),
        Duration.ofSeconds(e.path("pollIntervalSeconds").asLong(300)), e.path("backfillDays").asInt(30));
  }
}
