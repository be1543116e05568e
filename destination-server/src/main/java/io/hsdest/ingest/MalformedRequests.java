package io.hsdest.ingest;

import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.InvalidLineSeparatorException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.TransferEncodingNotAllowedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Locale;

/**
 * Requests refused before any route, as the JSON error every other refusal has: those the HTTP codec
 * could not read ({@link #of}; Vert.x hands them to the server's invalid-request handler), after which
 * the connection is closed because nothing that follows on it can be trusted, and those it read but no
 * route can trust ({@link #check}). The codec's own messages are never echoed: they may quote the
 * request line or a header, and with it a write key.
 */
final class MalformedRequests {
  /** The answer to one malformed request, and whether its connection must be closed after it. */
  record Refusal(int status, String code, String message, boolean close) {
    Refusal(int status, String code, String message) {
      this(status, code, message, true);
    }
  }

  static final int MAX_LINE_BYTES = 8 * 1024;
  static final int MAX_HEADER_BYTES = 8 * 1024;

  private MalformedRequests() {}

  static Refusal of(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new Refusal(414, "URI_TOO_LONG", "the request line is longer than " + MAX_LINE_BYTES
          + " bytes (8 KB); send long values in the body");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new Refusal(431, "HEADERS_TOO_LARGE", "the request headers are larger than " + MAX_HEADER_BYTES + " bytes (8 KB)");
    }
    if (cause instanceof InvalidLineSeparatorException) {
      return new Refusal(400, "INVALID_LINE_ENDING", "the request line and every header line must end in CR LF");
    }
    if (cause instanceof ContentLengthNotAllowedException) {
      return CONFLICTING_LENGTHS;
    }
    if (cause instanceof TransferEncodingNotAllowedException) {
      return new Refusal(400, "INVALID_TRANSFER_ENCODING", "Transfer-Encoding needs HTTP/1.1; send the body with Content-Length");
    }
    // the rest are IllegalArgumentExceptions told apart by their wording, which differs between Netty versions
    String m = cause == null || cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
    if (m.contains("header name") || m.contains("header value") || m.contains("colon") || m.contains("after '\\r'")) {
      return new Refusal(400, "INVALID_HEADER", "a header line is malformed: no colon, a name with a space or a "
          + "forbidden character, or a forbidden character in the value");
    }
    if (m.contains("content-length")) {
      return m.contains("multiple") ? CONFLICTING_LENGTHS
          : new Refusal(400, "INVALID_CONTENT_LENGTH", "the Content-Length header must be a non-negative decimal number");
    }
    if (m.contains("transfer-encoding") || m.contains("chunk")) {
      return new Refusal(400, "INVALID_TRANSFER_ENCODING", "the Transfer-Encoding header or the chunked body is malformed");
    }
    if (m.contains("method") || m.contains("request line") || m.contains("version") || m.contains("http/0.9")) {
      return new Refusal(400, "MALFORMED_REQUEST_LINE", "the request line must read METHOD /path HTTP/1.1");
    }
    return new Refusal(400, "MALFORMED_REQUEST", "the request is not valid HTTP/1.1");
  }

  private static final Refusal CONFLICTING_LENGTHS = new Refusal(400, "CONFLICTING_LENGTHS",
      "the request declares its length twice: several Content-Length values, or Content-Length with Transfer-Encoding");

  /**
   * What the codec lets through but no route can trust, or null when the request may be routed: an
   * HTTP version other than 1.0 and 1.1; a Transfer-Encoding that does not end in chunked (the codec
   * then reads no body, and the body would be taken for the next request); an HTTP/1.1 request
   * without a valid Host; a URI with bad percent-encoding (which the router and the query decoder
   * would otherwise turn into a logged stack trace and a 5xx).
   */
  static Refusal check(HttpServerRequest request) {
    if (request.version() == null) {
      return new Refusal(400, "UNSUPPORTED_HTTP_VERSION", "only HTTP/1.1 and HTTP/1.0 are served");
    }
    List<String> codings = request.headers().getAll("Transfer-Encoding");
    if (!codings.isEmpty() && !lastCoding(codings).equals("chunked")) {
      return new Refusal(400, "INVALID_TRANSFER_ENCODING", "a Transfer-Encoding must end in chunked; "
          + "send the body with Content-Length or chunked");
    }
    if (request.version() == HttpVersion.HTTP_1_1 && request.authority() == null) {
      return new Refusal(400, "INVALID_HOST", "an HTTP/1.1 request needs a Host header with a host name and an optional port", false);
    }
    if (!wellEscaped(request.uri())) {
      return new Refusal(400, "INVALID_URI", "the request URI has a % that is not followed by two hex digits", false);
    }
    return null;
  }

  private static String lastCoding(List<String> headers) {
    String last = headers.get(headers.size() - 1);
    return last.substring(last.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
  }

  static boolean wellEscaped(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      if (uri.charAt(i) != '%') continue;
      if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
        return false;
      }
      i += 2;
    }
    return true;
  }
}
