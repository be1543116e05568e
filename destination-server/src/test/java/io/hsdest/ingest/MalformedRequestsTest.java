package io.hsdest.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hsdest.ingest.MalformedRequests.Refusal;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.vertx.core.http.Http1ServerConfig;
import io.vertx.core.http.impl.http1.VertxHttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the HTTP codec refuses, fed through the request decoder Vert.x puts on every connection (Netty's,
 * with Vert.x's header validation) with the server's limits, and the JSON error each refusal becomes: the
 * codec's wording is matched here, so an upgrade that rewords a failure shows up in this table rather
 * than as a vaguer answer.
 */
class MalformedRequestsTest {
  private static final String OK = "POST /v1/identify HTTP/1.1\r\nHost: x\r\n";

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("request line of 9 KB", "GET /" + "a".repeat(9_000) + " HTTP/1.1\r\n\r\n", 414, "URI_TOO_LONG"),
        Arguments.of("headers of 9 KB", OK + "X-Big: " + "b".repeat(9_000) + "\r\n\r\n", 431, "HEADERS_TOO_LARGE"),
        Arguments.of("garbage line", "GARBAGE\r\n\r\n", 400, "MALFORMED_REQUEST_LINE"),
        Arguments.of("HTTP/0.9", "GET /health\r\n\r\n", 400, "MALFORMED_REQUEST_LINE"),
        Arguments.of("space in path", "GET /v1/ba tch HTTP/1.1\r\n\r\n", 400, "MALFORMED_REQUEST_LINE"),
        Arguments.of("NUL in method", "GE\0T / HTTP/1.1\r\n\r\n", 400, "MALFORMED_REQUEST_LINE"),
        Arguments.of("NUL in request line", "GARBAGE\0\0\r\n\r\n", 400, "MALFORMED_REQUEST_LINE"),
        Arguments.of("NUL line", "\0\0\0 / HTTP/1.1\r\n\r\n", 400, "INVALID_LINE_ENDING"),
        Arguments.of("bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400, "INVALID_LINE_ENDING"),
        Arguments.of("no colon", OK + "NoColonHere\r\n\r\n", 400, "INVALID_HEADER"),
        Arguments.of("space before colon", OK + "Content-Length : 5\r\n\r\nhello", 400, "INVALID_HEADER"),
        Arguments.of("space in name", OK + "X A: b\r\n\r\n", 400, "INVALID_HEADER"),
        Arguments.of("NUL in value", OK + "X-A: b\0c\r\n\r\n", 400, "INVALID_HEADER"),
        Arguments.of("bare CR in value", OK + "X-A: b\rc\r\n\r\n", 400, "INVALID_HEADER"),
        Arguments.of("two Content-Lengths", OK + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello", 400, "CONFLICTING_LENGTHS"),
        Arguments.of("Content-Length with chunked", OK + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            400, "CONFLICTING_LENGTHS"),
        Arguments.of("negative Content-Length", OK + "Content-Length: -5\r\n\r\n", 400, "INVALID_CONTENT_LENGTH"),
        Arguments.of("Content-Length in hex", OK + "Content-Length: 0x5\r\n\r\n", 400, "INVALID_CONTENT_LENGTH"),
        Arguments.of("chunked on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400,
            "INVALID_TRANSFER_ENCODING"));
  }

  @ParameterizedTest(name = "{0} -> {2} {3}")
  @MethodSource("refused")
  void eachRefusalOfTheCodecBecomesAJsonErrorNamingIt(String name, String request, int status, String code) {
    Refusal refusal = MalformedRequests.of(decoderFailure(request));

    assertThat(refusal.status()).isEqualTo(status);
    assertThat(refusal.code()).isEqualTo(code);
    assertThat(refusal.close()).as("after a framing error the connection is closed").isTrue();
  }

  @Test
  void theCodecsOwnWordsAreNeverEchoedForTheyMayQuoteAHeader() {
    Throwable quoting = decoderFailure(OK + "Authorization: Basic d2stc2VjcmV0Og==\0\r\n\r\n");

    assertThat(quoting.getMessage()).as("Netty quotes the value").contains("d2stc2VjcmV0Og==");
    assertThat(MalformedRequests.of(quoting).message()).doesNotContain("d2stc2VjcmV0Og==");
    assertThat(MalformedRequests.of(new IllegalArgumentException("something new")).code()).isEqualTo("MALFORMED_REQUEST");
    assertThat(MalformedRequests.of(null).status()).isEqualTo(400);
  }

  @Test
  void percentSignsMustBeFollowedByTwoHexDigits() {
    assertThat(MalformedRequests.wellEscaped("/v1/batch?a=%41%2f&b=c")).isTrue();
    assertThat(MalformedRequests.wellEscaped("/snippet.js?writeKey=%E0%A4%A")).isFalse();
    assertThat(MalformedRequests.wellEscaped("/v1/%zz")).isFalse();
    assertThat(MalformedRequests.wellEscaped("/v1/batch%")).isFalse();
    assertThat(MalformedRequests.wellEscaped("/v1/batch%4")).isFalse();
  }

  /** The cause the server's request decoder, set up with its limits, gives for these bytes. */
  private static Throwable decoderFailure(String request) {
    EmbeddedChannel channel = new EmbeddedChannel(new VertxHttpRequestDecoder(new Http1ServerConfig()
        .setMaxInitialLineLength(MalformedRequests.MAX_LINE_BYTES).setMaxHeaderSize(MalformedRequests.MAX_HEADER_BYTES)));
    try {
      channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
      for (Object message; (message = channel.readInbound()) != null; ) {
        if (message instanceof HttpObject o && o.decoderResult().isFailure()) return o.decoderResult().cause();
      }
      throw new AssertionError("the decoder accepted " + request.substring(0, Math.min(60, request.length())));
    } finally {
      channel.finishAndReleaseAll();
    }
  }
}
