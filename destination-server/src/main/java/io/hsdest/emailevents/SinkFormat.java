package io.hsdest.emailevents;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;

/**
 * One sink's wire format and limits: how an email event is written, how a batch body is framed, where it is posted,
 * and what the sink's answers mean. Pure; {@link SinkClient} does the HTTP.
 */
interface SinkFormat {
  /** The event as this sink takes it (UTF-8 JSON), or null when it cannot be sent (no identity). */
  byte[] encode(EmailEvent event);

  /** The request body around these encoded events. */
  Buffer body(List<byte[]> events);

  /** The path after the sink's base URL, e.g. {@code /v1/batch}. */
  String path();

  /** Request headers (the credentials among them, where the sink takes them in a header). */
  Map<String, String> headers();

  int maxEvents();

  /** The largest body the sink takes, in bytes, with a margin. */
  int maxBodyBytes();

  /** What an HTTP answer means for a batch of {@code batchSize} events. */
  SinkAnswer classify(int status, String retryAfter, String body, int batchSize);

  /** The name the sink's metrics and /status use: {@code segment} or {@code amplitude}. */
  String kind();
}
